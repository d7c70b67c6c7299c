"""A DAG of the data team that names no catalog entity in its tags.

The local portal and the tests use it to show that listing a DAG in a
catalog entity's annotation is not enough to act on it: the portal refuses,
because the DAG does not carry `portal-entity:<that entity>`.
"""
from datetime import datetime

from airflow.sdk import dag, task


@dag(
    dag_id="data_quality_checks",
    schedule="@hourly",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    is_paused_upon_creation=True,
    tags=["data-team"],
)
def data_quality_checks():
    @task
    def check_row_counts():
        return True

    check_row_counts()


data_quality_checks()
