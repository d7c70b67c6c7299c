"""The demo ML project's pipeline for the local portal (scripts/ml-tools).

The tag `portal-entity:component:default/churn-prediction` is the DAG's own
consent: the portal triggers, pauses and unpauses it only through that
catalog entity (and only for its owners).

Three small Python tasks, so a LocalExecutor on a laptop runs them in
seconds. `evaluate` fails when the DAG run's conf asks it to
(`{"fail_evaluation": true}`): the seed triggers one run that way, so the
portal has a failed run with its failing task to show.
"""
from datetime import datetime

from airflow.sdk import dag, task, get_current_context


@dag(
    dag_id="churn_prediction_pipeline",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    tags=["ml-pipeline", "churn-prediction", "portal-entity:component:default/churn-prediction"],
)
def churn_prediction_pipeline():
    @task
    def extract_features():
        return {"rows": 1200}

    @task
    def train(features):
        return {"rows": features["rows"], "accuracy": 0.91}

    @task
    def evaluate(result):
        conf = get_current_context()["dag_run"].conf or {}
        if conf.get("fail_evaluation"):
            raise ValueError("accuracy below the release threshold")
        return result["accuracy"]

    evaluate(train(extract_features()))


churn_prediction_pipeline()
