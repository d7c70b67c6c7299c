import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import type { MlProblem } from '@mlops-portal/plugin-ml-workbench-common';

const useStyles = makeStyles(theme => ({
  root: { color: theme.palette.error.dark, marginBottom: theme.spacing(1) },
}));

/** What could not be read, one line each; the rest of the view still renders. @public */
export function ProblemList(props: { problems: MlProblem[] }) {
  const classes = useStyles();
  if (!props.problems.length) return null;
  return (
    <div className={classes.root} role="alert" data-testid="ml-problems">
      {props.problems.map((p, i) => (
        <Typography variant="body2" key={i}>
          {p.target ? <strong>{p.target}: </strong> : null}
          {p.message}
        </Typography>
      ))}
    </div>
  );
}

/** "fetched 12:03:04 from instance local", so people know how fresh a cached answer is. @public */
export function Freshness(props: { fetchedAt: string; instance: string; uiUrl?: string; tool: string }) {
  return (
    <Typography variant="body2" component="div" style={{ marginBottom: 8 }}>
      From {props.tool} of instance <strong>{props.instance}</strong>, fetched {new Date(props.fetchedAt).toLocaleTimeString()}
      {props.uiUrl ? (
        <>
          {' · '}
          {/* Underlined: inside a line of text a link must not differ by colour alone (WCAG 1.4.1). */}
          <Link to={props.uiUrl} target="_blank" rel="noopener noreferrer" underline="always">
            open {props.tool}
          </Link>
        </>
      ) : null}
    </Typography>
  );
}

/** Local date and time of an RFC 3339 string, or a dash. @public */
export function when(iso?: string): string {
  return iso ? new Date(iso).toLocaleString() : '–';
}
