import Typography from '@material-ui/core/Typography';
import type { ObjectChange, ObjectIdentity } from '@mlops-portal/plugin-mlops-common';

/** `group/Kind namespace/name`, as kubectl would name it. */
export function describeObject(o: ObjectIdentity): string {
  const kind = o.group ? `${o.kind}.${o.group}` : o.kind;
  return `${kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/**
 * Objects under a heading (nothing when there are none): each by identity,
 * led by how it changed and followed by its changed fields when known.
 */
export function ObjectChangeList(props: {
  title: string;
  objects: Array<ObjectIdentity & Partial<Pick<ObjectChange, 'change' | 'paths'>>>;
}) {
  if (!props.objects.length) return null;
  return (
    <div>
      <Typography variant="subtitle2" component="h4">
        {props.title}
      </Typography>
      <ul aria-label={props.title}>
        {props.objects.map(o => (
          <li key={`${o.change ?? ''}/${describeObject(o)}`}>
            {o.change ? <><strong>{o.change}</strong> </> : null}
            {describeObject(o)}
            {o.paths?.length ? <> — fields: {o.paths.join(', ')}</> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
