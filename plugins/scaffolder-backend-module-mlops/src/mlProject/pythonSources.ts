/**
 * The static parts of the generated ML project. Nothing here is built from
 * user input: every value the user chose lives in `config.py` (written with
 * pyLiteral) and the YAML/JSON files (written by serializers). The only name
 * used in code is the package name, a validated Python identifier.
 */

export const REQUIREMENTS = `# MinIO through s3fs only: boto3 listed beside it makes pip backtrack
# through s3fs releases whose pinned fsspec may not be installable (seen with
# the ML workbench's real-tools test); s3fs's aiobotocore is all it needs.
s3fs>=2024.6
mlflow>=3.17
scikit-learn>=1.5
pandas>=2.2
pyarrow>=17
kafka-python>=2.0
pytest>=8
`;

export const DOCKERFILE = `FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY src/ src/
ENV PYTHONPATH=/app/src
ENTRYPOINT ["python", "-m"]
`;

export function trainPy(pkg: string): string {
  return `"""Training: read features from MinIO, train, log to MLflow, write metrics back.

Connection settings come from config.py (generated) and can be overridden
with the environment variables named there.
"""
import json
import os

import mlflow
import pandas as pd
import s3fs
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

from ${pkg} import config


def storage_options():
    """s3fs options for the platform's MinIO (credentials from the AWS_* environment)."""
    return {"client_kwargs": {"endpoint_url": os.environ.get("MINIO_ENDPOINT", config.MINIO_ENDPOINT)}}


def split_features(frame, label_column):
    """Splits a frame into features and label; raises if the label is missing."""
    if label_column not in frame.columns:
        raise ValueError("label column %r not in the data" % label_column)
    return frame.drop(columns=[label_column]), frame[label_column]


def load_features():
    """Reads the Parquet files Spark wrote (a folder of part files) with s3fs."""
    return pd.read_parquet(
        "s3://%s/%s" % (config.BUCKET, config.FEATURES_PREFIX),
        storage_options=storage_options(),
    )


def main():
    mlflow.set_tracking_uri(os.environ.get("MLFLOW_TRACKING_URI", config.MLFLOW_TRACKING_URI))
    mlflow.set_experiment(config.EXPERIMENT_NAME)
    features, label = split_features(load_features(), config.LABEL_COLUMN)
    x_train, x_test, y_train, y_test = train_test_split(features, label, test_size=0.2, random_state=42)
    with mlflow.start_run() as run:
        params = {"n_estimators": 100, "max_depth": 8}
        model = RandomForestClassifier(**params).fit(x_train, y_train)
        accuracy = accuracy_score(y_test, model.predict(x_test))
        mlflow.log_params(params)
        mlflow.log_metric("accuracy", accuracy)
        # skops (MLflow's safe format) loads only reviewed types: a random
        # forest's trees are this project's own, so they are trusted by name.
        mlflow.sklearn.log_model(
            model,
            name="model",
            registered_model_name=config.REGISTERED_MODEL_NAME,
            skops_trusted_types=["sklearn.tree._tree.Tree"],
        )
        storage = s3fs.S3FileSystem(**storage_options())
        with storage.open("%s/metrics/%s.json" % (config.BUCKET, run.info.run_id), "w") as out:
            json.dump({"run_id": run.info.run_id, "accuracy": accuracy}, out)


if __name__ == "__main__":
    main()
`;
}

export function featuresPy(): string {
  return `"""Feature engineering on Spark: raw events in MinIO -> features (Parquet).

Runs as the SparkApplication in k8s/spark-feature-engineering.yaml; the bucket
and paths are passed as arguments by that manifest.
"""
import sys

from pyspark.sql import SparkSession, functions as F


def main(raw_path, features_path):
    spark = SparkSession.builder.appName("feature-engineering").getOrCreate()
    raw = spark.read.json(raw_path)
    features = raw.groupBy("entity_id").agg(
        F.count("*").alias("event_count"),
        F.max("timestamp").alias("last_seen"),
        F.first("label").alias("label"),
    )
    features.coalesce(1).write.mode("overwrite").parquet(features_path)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
`;
}

export function dagPy(pkg: string): string {
  return `"""Airflow DAG: feature engineering on Spark, then training.

Uses the cncf.kubernetes provider: the Spark step submits the project's
SparkApplication, the training step runs the project image in a pod.
"""
from datetime import datetime

from airflow import DAG
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

from ${pkg} import config

with DAG(
    dag_id=config.DAG_ID,
    schedule=config.SCHEDULE,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    tags=["ml-pipeline", config.PROJECT_NAME, "portal-entity:" + config.PORTAL_ENTITY],
) as dag:
    features = SparkKubernetesOperator(
        task_id="feature_engineering",
        namespace=config.PROCESSING_NAMESPACE,
        application_file="k8s/spark-feature-engineering.yaml",
    )
    train = KubernetesPodOperator(
        task_id="train",
        namespace=config.PROCESSING_NAMESPACE,
        image=config.IMAGE,
        arguments=[config.PACKAGE + ".train"],
        env_vars={
            "MLFLOW_TRACKING_URI": config.MLFLOW_TRACKING_URI,
            "MINIO_ENDPOINT": config.MINIO_ENDPOINT,
        },
    )
    features >> train
`;
}

export function testsPy(pkg: string): string {
  return `import pandas as pd
import pytest

from ${pkg} import config
from ${pkg}.train import split_features


def test_config_names_are_consistent():
    assert config.DAG_ID.startswith(config.PROJECT_NAME.replace("-", "_"))
    assert config.FEATURES_PREFIX.endswith("/")


def test_split_features():
    frame = pd.DataFrame({"a": [1, 2], config.LABEL_COLUMN: [0, 1]})
    x, y = split_features(frame, config.LABEL_COLUMN)
    assert list(x.columns) == ["a"]
    assert list(y) == [0, 1]


def test_split_features_without_label():
    with pytest.raises(ValueError):
        split_features(pd.DataFrame({"a": [1]}), config.LABEL_COLUMN)
`;
}
