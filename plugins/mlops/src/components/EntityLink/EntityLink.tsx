import { Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';

/**
 * A link to an entity page by its ref. Unlike `EntityRefLink` it does not look
 * the entity up for its display name, so a page with thousands of entities
 * makes no catalog requests for its links.
 * @public
 */
export function EntityLink(props: { entityRef: string; title?: string }) {
  const linkTo = useEntityRefLink();
  return <EntityLinkWith linkTo={linkTo} {...props} />;
}

/**
 * {@link EntityLink} with the link function passed in, for lists of thousands
 * of links that resolve the entity route once instead of once per link.
 * @public
 */
export function EntityLinkWith(props: {
  entityRef: string;
  title?: string;
  linkTo: (ref: { kind: string; namespace: string; name: string }) => string;
}) {
  const { linkTo } = props;
  let href: string | undefined;
  let fallback = props.entityRef;
  try {
    const ref = parseEntityRef(props.entityRef);
    fallback = ref.name;
    href = linkTo(ref);
  } catch {
    // A malformed ref from the backend: show it as text rather than crash.
  }
  const text = props.title ?? fallback;
  // Always underlined: links sit inside text, where colour alone does not
  // set them apart (WCAG 1.4.1).
  return href ? (
    <Link to={href} underline="always">
      {text}
    </Link>
  ) : (
    <span>{text}</span>
  );
}
