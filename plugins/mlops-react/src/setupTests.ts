import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy*/waitFor poll until their condition holds; the ceiling only matters
// on a loaded CI machine, where a whole page can take more than the default
// second to render in jsdom.
configure({ asyncUtilTimeout: 10_000 });
