// The hook lives in @mlops-portal/plugin-mlops-react, shared with the ML workbench plugin.
export { useLiveData, type LiveData } from '@mlops-portal/plugin-mlops-react';
