import { useCallback, type MouseEvent } from 'react';
import { useHref, useNavigate } from 'react-router-dom';
import { useAnalytics } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';

type LinkTo = (ref: { kind: string; namespace: string; name: string }) => string;

/**
 * A link to an entity inside a tile: a plain anchor, no hooks. The platform
 * page draws thousands of them; Backstage's `Link` costs several hooks and a
 * route check per link, which at 4,000 links was most of the page's render
 * time (docs/benchmarks.md). Clicks are handled once for the whole list by
 * {@link useTileLinkClick}, with the same in-app navigation and analytics
 * event as `Link`.
 */
export function TileLink(props: {
  entityRef: string;
  title?: string;
  linkTo: LinkTo;
  basePath: string;
  className: string;
}) {
  let route: string | undefined;
  let text = props.title ?? props.entityRef;
  try {
    const ref = parseEntityRef(props.entityRef);
    text = props.title ?? ref.name;
    route = props.linkTo(ref);
  } catch {
    // A malformed ref from the backend: show it as text rather than crash.
  }
  return route ? (
    <a href={`${props.basePath}${route}`} data-route={route} className={props.className}>
      {text}
    </a>
  ) : (
    <span>{text}</span>
  );
}

/**
 * The app's base path for {@link TileLink} hrefs, and one click handler for
 * a container of them: a plain left click navigates inside the app (as
 * react-router's Link does) and records the click for analytics (as
 * Backstage's Link does); modified clicks keep the browser's behaviour (new
 * tab, new window).
 */
export function useTileLinkClick(): {
  basePath: string;
  onClick: (event: MouseEvent) => void;
} {
  const navigate = useNavigate();
  const analytics = useAnalytics();
  const basePath = useHref('/').replace(/\/$/, '');
  const onClick = useCallback(
    (event: MouseEvent) => {
      if (
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.altKey ||
        event.ctrlKey ||
        event.shiftKey
      ) {
        return;
      }
      const anchor = (event.target as Element).closest?.('a[data-route]');
      const route = anchor?.getAttribute('data-route');
      if (!anchor || !route) return;
      event.preventDefault();
      analytics.captureEvent('click', anchor.textContent ?? route, {
        attributes: { to: route },
      });
      navigate(route);
    },
    [analytics, navigate],
  );
  return { basePath, onClick };
}
