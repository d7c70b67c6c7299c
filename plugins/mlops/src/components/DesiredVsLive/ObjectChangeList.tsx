import Typography from '@material-ui/core/Typography';
import type { ObjectChange, ObjectIdentity } from '@mlops-portal/plugin-mlops-common';

/** `group/Kind namespace/name`, as kubectl would name it. */
export function describeObject(o: ObjectIdentity): string {
  const kind = o.group ? `${o.kind}.${o.group}` : o.kind;
  return `${kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** Objects added, removed or changed, with the changed fields. */
export function ObjectChangeList(props: { title: string; changes: ObjectChange[] }) {
  if (!props.changes.length) return null;
  return (
    <div>
      <Typography variant="subtitle2" component="h4">
        {props.title}
      </Typography>
      <ul aria-label={props.title}>
        {props.changes.map(c => (
          <li key={`${c.change}/${describeObject(c)}`}>
            <strong>{c.change}</strong> {describeObject(c)}
            {c.paths?.length ? <> — fields: {c.paths.join(', ')}</> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Objects by identity under a heading. */
export function ObjectIdentityList(props: { title: string; objects: ObjectIdentity[] }) {
  if (!props.objects.length) return null;
  return (
    <div>
      <Typography variant="subtitle2" component="h4">
        {props.title}
      </Typography>
      <ul aria-label={props.title}>
        {props.objects.map(o => (
          <li key={describeObject(o)}>{describeObject(o)}</li>
        ))}
      </ul>
    </div>
  );
}
