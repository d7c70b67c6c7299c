import { useState } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';

/** Diffs longer than this many lines start collapsed. */
export const COLLAPSE_AFTER_LINES = 40;

const useStyles = makeStyles(theme => ({
  pre: {
    margin: 0,
    padding: theme.spacing(1),
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    overflowX: 'auto',
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
  },
  line: { display: 'block', whiteSpace: 'pre' },
  added: { background: 'rgba(46, 160, 67, 0.18)', color: theme.palette.text.primary },
  removed: { background: 'rgba(248, 81, 73, 0.18)', color: theme.palette.text.primary },
  hunk: { color: theme.palette.text.secondary },
}));

function kindOf(line: string): 'added' | 'removed' | 'hunk' | 'context' {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  return 'context';
}

/**
 * A unified diff as coloured lines, with a text marker (+/−) so the meaning
 * does not rest on colour. Long diffs start collapsed to their first
 * {@link COLLAPSE_AFTER_LINES} lines.
 */
export function LineDiff(props: { diff: string; label: string; empty: string }) {
  const classes = useStyles();
  const lines = props.diff ? props.diff.replace(/\n$/, '').split('\n') : [];
  const [expanded, setExpanded] = useState(false);
  if (!lines.length) {
    return <Typography variant="body2">{props.empty}</Typography>;
  }
  const collapsed = !expanded && lines.length > COLLAPSE_AFTER_LINES;
  const shown = collapsed ? lines.slice(0, COLLAPSE_AFTER_LINES) : lines;
  const added = lines.filter(l => kindOf(l) === 'added').length;
  const removed = lines.filter(l => kindOf(l) === 'removed').length;
  return (
    <div>
      <Typography variant="body2">
        {props.label}: {added} line{added === 1 ? '' : 's'} added, {removed} removed
      </Typography>
      <section aria-label={props.label}>
      <pre className={classes.pre}>
        {shown.map((l, i) => {
          const k = kindOf(l);
          return (
            <span key={i} className={`${classes.line} ${k === 'context' ? '' : classes[k]}`} data-diff={k}>
              {l || ' '}
            </span>
          );
        })}
      </pre>
      </section>
      {lines.length > COLLAPSE_AFTER_LINES ? (
        <Button size="small" onClick={() => setExpanded(e => !e)}>
          {collapsed ? `Show all ${lines.length} lines` : `Show the first ${COLLAPSE_AFTER_LINES} lines`}
        </Button>
      ) : null}
    </div>
  );
}
