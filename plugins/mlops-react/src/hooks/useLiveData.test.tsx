import { act, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { MLOPS_SIGNAL_CHANNEL } from '@mlops-portal/plugin-mlops-common';
import { InMemorySignalApi } from '../testUtils';
import { useLiveData } from './useLiveData';

function Probe(props: { fetcher: () => Promise<string> }) {
  const { value } = useLiveData(props.fetcher, [], s => s.clusters.includes('demo'));
  return <div>value: {value ?? 'none'}</div>;
}

const signal = (clusters: string[]) => ({
  type: 'changed' as const,
  clusters,
  entityRefs: [],
  at: '2026-11-25T20:00:00Z',
});

describe('useLiveData', () => {
  it('refetches on relevant pushed signals only, coalescing a burst into one follow-up', async () => {
    const signals = new InMemorySignalApi();
    const pending: Array<(v: string) => void> = [];
    const fetcher = jest.fn(() => new Promise<string>(resolve => pending.push(resolve)));
    renderInTestApp(<Probe fetcher={fetcher} />, { apis: [[signalApiRef, signals]] });

    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(1));
    await act(async () => pending[0]('first'));
    expect(await screen.findByText('value: first')).toBeInTheDocument();

    // A signal for another cluster is ignored.
    await act(async () => signals.publish(MLOPS_SIGNAL_CHANNEL, signal(['other'])));
    expect(fetcher).toHaveBeenCalledTimes(1);

    // A burst while a refetch is in flight costs one more request, not three.
    await act(async () => signals.publish(MLOPS_SIGNAL_CHANNEL, signal(['demo'])));
    expect(fetcher).toHaveBeenCalledTimes(2);
    await act(async () => {
      signals.publish(MLOPS_SIGNAL_CHANNEL, signal(['demo']));
      signals.publish(MLOPS_SIGNAL_CHANNEL, { ...signal(['demo']), at: '2026-11-25T20:00:01Z' });
    });
    expect(fetcher).toHaveBeenCalledTimes(2);
    // The old value stays on screen while refetching.
    expect(screen.getByText('value: first')).toBeInTheDocument();
    await act(async () => pending[1]('second'));
    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(3));
    await act(async () => pending[2]('third'));
    expect(await screen.findByText('value: third')).toBeInTheDocument();
    expect(fetcher).toHaveBeenCalledTimes(3);
  });

  it('listens on another channel for messages of another type when told', async () => {
    const signals = new InMemorySignalApi();
    let calls = 0;
    const fetcher = jest.fn(async (): Promise<string> => `call ${++calls}`);
    function OtherChannel() {
      const { value } = useLiveData<string, { type: string; entityRef: string }>(
        fetcher,
        [],
        s => s.entityRef === 'component:default/churn',
        { name: 'ml-workbench', type: 'changed' },
      );
      return <div>value: {value ?? 'none'}</div>;
    }
    renderInTestApp(<OtherChannel />, { apis: [[signalApiRef, signals]] });
    expect(await screen.findByText('value: call 1')).toBeInTheDocument();

    // The default channel, another type and another entity are all ignored.
    await act(async () => signals.publish(MLOPS_SIGNAL_CHANNEL, signal(['demo'])));
    await act(async () => signals.publish('ml-workbench', { type: 'removed', entityRef: 'component:default/churn' }));
    await act(async () => signals.publish('ml-workbench', { type: 'changed', entityRef: 'component:default/other' }));
    expect(fetcher).toHaveBeenCalledTimes(1);

    await act(async () => signals.publish('ml-workbench', { type: 'changed', entityRef: 'component:default/churn' }));
    expect(await screen.findByText('value: call 2')).toBeInTheDocument();
    expect(fetcher).toHaveBeenCalledTimes(2);
  });
});
