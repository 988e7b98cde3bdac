"""awsglue.job.Job: init and commit, the commit saving the job's bookmarks (context.py)."""
from __future__ import annotations


class Job:
    def __init__(self, glue_context):
        self.glue_context = glue_context
        self.name: str | None = None

    def init(self, job_name: str, args: dict | None = None) -> None:
        self.name = job_name
        self.glue_context.begin_run(job_name, args or {})

    def commit(self) -> None:
        self.glue_context.commit_run()
