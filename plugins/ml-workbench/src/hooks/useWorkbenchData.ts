import { useCallback, useEffect, useRef, useState } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  ML_WORKBENCH_SIGNAL_CHANNEL,
  type MlWorkbenchSignal,
} from '@mlops-portal/plugin-ml-workbench-common';

/** State of {@link useWorkbenchData}. @public */
export interface WorkbenchData<T> {
  value?: T;
  error?: Error;
  loading: boolean;
  refresh: () => void;
}

/**
 * Loads once per change of `deps`, then again when the backend pushes a
 * workbench signal naming `entityRef` (its cache saw the tool's data change).
 * No timer: the backend decides when something changed. Signals that arrive
 * during a fetch cost one follow-up fetch, and the current value stays on
 * screen while refetching.
 * @public
 */
export function useWorkbenchData<T>(
  fetcher: () => Promise<T>,
  deps: unknown[],
  isRelevant: (signal: MlWorkbenchSignal) => boolean,
): WorkbenchData<T> {
  const [state, setState] = useState<{ value?: T; error?: Error; loading: boolean }>({ loading: true });
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const relevantRef = useRef(isRelevant);
  relevantRef.current = isRelevant;
  const generation = useRef(0);
  const inFlight = useRef(false);
  const pending = useRef(false);

  const load = useCallback(() => {
    if (inFlight.current) {
      pending.current = true;
      return;
    }
    inFlight.current = true;
    const gen = generation.current;
    fetcherRef
      .current()
      .then(
        value => {
          if (gen === generation.current) setState({ value, loading: false });
        },
        error => {
          if (gen === generation.current) setState(s => ({ value: s.value, error, loading: false }));
        },
      )
      .finally(() => {
        inFlight.current = false;
        if (pending.current) {
          pending.current = false;
          load();
        }
      });
  }, []);

  useEffect(() => {
    generation.current += 1;
    inFlight.current = false;
    pending.current = false;
    setState({ loading: true });
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const { lastSignal } = useSignal(ML_WORKBENCH_SIGNAL_CHANNEL);
  useEffect(() => {
    const signal = lastSignal as unknown as MlWorkbenchSignal | null;
    if (signal && signal.type === 'changed' && relevantRef.current(signal)) load();
  }, [lastSignal, load]);

  return { ...state, refresh: load };
}
