import { useCallback, useEffect, useRef, useState } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  MLOPS_SIGNAL_CHANNEL,
  type MlopsStatusSignal,
} from '@mlops-portal/plugin-mlops-common';

/** State of {@link useLiveData}. @public */
export interface LiveData<T> {
  value?: T;
  error?: Error;
  /** True only until the first answer for the current inputs arrives. */
  loading: boolean;
  /** Fetch again now, keeping the current value on screen meanwhile. */
  refresh: () => void;
}

/**
 * Loads data once per change of `deps`, then again whenever the backend
 * pushes an {@link @mlops-portal/plugin-mlops-common#MlopsStatusSignal} that
 * `isRelevant` accepts. There is no timer: the backend's watch caches decide
 * when something changed. While a refetch is in flight, further signals are
 * coalesced into one follow-up fetch so a burst of changes costs two requests,
 * not one per change. The current value stays on screen during refetches so
 * nothing flickers.
 *
 * @public
 */
export function useLiveData<T, S extends { type: string } = MlopsStatusSignal>(
  fetcher: () => Promise<T>,
  deps: unknown[],
  isRelevant: (signal: S) => boolean = () => true,
  /** Another channel and the `type` of its messages (default: `mlops:status`, `changed`). */
  channel: { name: string; type: string } = { name: MLOPS_SIGNAL_CHANNEL, type: 'changed' },
): LiveData<T> {
  const [state, setState] = useState<{ value?: T; error?: Error; loading: boolean }>({
    loading: true,
  });
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
          if (gen === generation.current)
            setState(s => ({ value: s.value, error, loading: false }));
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
    // New inputs: forget the old answer and any answer still in flight.
    generation.current += 1;
    inFlight.current = false;
    pending.current = false;
    setState({ loading: true });
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const { lastSignal } = useSignal(channel.name);
  useEffect(() => {
    const signal = lastSignal as unknown as S | null;
    if (signal && signal.type === channel.type && relevantRef.current(signal)) {
      load();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastSignal, load]);

  return { ...state, refresh: load };
}
