"""Seeds MLflow with the demo ML project of the local portal (scripts/ml-tools).

Runs in the MLflow venv: python seed_mlflow.py <tracking-uri>. Idempotent: a
second call finds the experiment with its runs and does nothing.

What it makes, so every MLflow view of the portal has real data:
- experiment `churn-prediction` with six finished runs and one failed run,
  each with params (n_estimators, max_depth) and metrics (accuracy, f1 with
  a per-epoch history of loss);
- registered model `churn-prediction` with three versions, each produced by
  one of those runs; alias `production` on version 2, `challenger` on 3.
"""
import sys

import mlflow
from mlflow import MlflowClient
from mlflow.pyfunc import PythonModel

EXPERIMENT = "churn-prediction"
MODEL = "churn-prediction"
ENTITY = "component:default/churn-prediction"


class ThresholdModel(PythonModel):
    """A stand-in classifier: the demo is about the tools, not the model."""

    def predict(self, context, model_input):
        return [1 if sum(row) > 1 else 0 for row in model_input.values.tolist()]


RUNS = [
    # (n_estimators, max_depth, accuracy, f1, register)
    (50, 4, 0.842, 0.801, True),
    (100, 6, 0.871, 0.836, False),
    (100, 8, 0.889, 0.858, True),
    (200, 8, 0.893, 0.861, False),
    (200, 10, 0.887, 0.852, False),
    (300, 12, 0.912, 0.884, True),
]


def main(uri):
    mlflow.set_tracking_uri(uri)
    client = MlflowClient()
    existing = client.get_experiment_by_name(EXPERIMENT)
    if existing and client.search_runs([existing.experiment_id], max_results=1):
        print("mlflow: already seeded")
        return
    mlflow.set_experiment(EXPERIMENT)
    client.set_experiment_tag(mlflow.get_experiment_by_name(EXPERIMENT).experiment_id, "mlops-portal.io/entity", ENTITY)
    versions = []
    for i, (n, depth, acc, f1, register) in enumerate(RUNS):
        with mlflow.start_run(run_name=f"rf-{n}-{depth}") as run:
            mlflow.log_params({"n_estimators": n, "max_depth": depth, "model": "RandomForestClassifier"})
            for epoch in range(5):
                mlflow.log_metric("loss", round(0.9 - acc * (epoch + 1) / 6, 4), step=epoch)
            mlflow.log_metrics({"accuracy": acc, "f1": f1})
            mlflow.set_tag("mlflow.note.content", f"seed run {i + 1}")
            if register:
                info = mlflow.pyfunc.log_model(
                    name="model", python_model=ThresholdModel(), registered_model_name=MODEL
                )
                versions.append(info.registered_model_version)
    # One failed run, as a real project has them.
    run = client.create_run(mlflow.get_experiment_by_name(EXPERIMENT).experiment_id, run_name="rf-oom")
    client.log_param(run.info.run_id, "n_estimators", "1000")
    client.set_terminated(run.info.run_id, status="FAILED")
    client.update_registered_model(MODEL, description="Predicts which customers are about to leave.")
    client.set_registered_model_tag(MODEL, "mlops-portal.io/entity", ENTITY)
    client.set_registered_model_alias(MODEL, "production", str(versions[1]))
    client.set_registered_model_alias(MODEL, "challenger", str(versions[2]))
    print("mlflow: seeded %d runs, model versions %s" % (len(RUNS) + 1, versions))


if __name__ == "__main__":
    main(sys.argv[1])
