import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  text: {
    color: '#7df3e1',
    fontSize: 20,
    fontWeight: 700,
  },
});

/** The portal's initials as the sidebar logo (closed sidebar). */
export const LogoIcon = () => {
  const classes = useStyles();
  return <span className={classes.text}>ML</span>;
};
