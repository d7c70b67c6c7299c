import { useState } from 'react';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import NativeSelect from '@material-ui/core/NativeSelect';
import type { MlflowExperimentView } from '@mlops-portal/plugin-ml-workbench-common';
import { LineChart } from '../charts/LineChart';

/** A metric's value across the experiment's runs, oldest run first; pick the metric. @public */
export function MetricChart(props: { experiment: MlflowExperimentView }) {
  const { experiment } = props;
  const keys = experiment.metricKeys;
  const [key, setKey] = useState(keys.includes('accuracy') ? 'accuracy' : keys[0]);
  if (!key) return null;
  const points = experiment.runs
    .filter(r => r.metrics[key] !== undefined && r.startTime)
    .map(r => ({
      x: Date.parse(r.startTime!),
      y: r.metrics[key],
      label: `${r.runName ?? r.runId}: ${key} = ${r.metrics[key]}`,
    }))
    .sort((a, b) => a.x - b.x);
  const selectId = `metric-${experiment.name}`;
  return (
    <div data-testid="metric-chart">
      <FormControl size="small" style={{ minWidth: 160, marginBottom: 8 }}>
        <InputLabel htmlFor={selectId}>Metric</InputLabel>
        {/* A native select: its accessible name is the label, its value the option, as screen readers expect. */}
        <NativeSelect id={selectId} value={key} onChange={e => setKey(e.target.value)}>
          {keys.map(k => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </NativeSelect>
      </FormControl>
      <LineChart points={points} title={`${key} across the runs of ${experiment.name}`} />
    </div>
  );
}
