"""Where the print provider reports each letter despatched or rejected (the DVLA's print job
status events), at the URL with the signed token it was given with the letter."""

from __future__ import annotations

from flask import Blueprint

from postroom.api.openapi import endpoint
from postroom.domain.printing import despatch_reports
from postroom.tasks.printing import process_despatch_report

blueprint = Blueprint("letter_reports", __name__)

STRING = {"type": "string", "maxLength": 255}
DESPATCH_REPORT = {
    "type": "object",
    "required": ["data", "metadata"],
    "properties": {
        "id": STRING,
        "time": STRING,
        "data": {
            "type": "object",
            "required": ["jobId", "jobStatus", "transitionDate", "despatchProperties"],
            "properties": {
                "jobId": STRING,
                "jobType": STRING,
                "jobStatus": {"enum": list(despatch_reports.STATUS_OF)},
                "templateReference": STRING,
                "transitionDate": STRING,
                "despatchProperties": {
                    "type": "array",
                    "maxItems": 20,
                    "items": {
                        "type": "object",
                        "required": ["key", "value"],
                        "properties": {"key": STRING, "value": STRING},
                    },
                },
            },
        },
        "metadata": {
            "type": "object",
            "required": ["correlationId"],
            "properties": {"correlationId": STRING},
        },
    },
}


@blueprint.post("/notifications/letter/status")
@endpoint(
    "Report a letter despatched or rejected by the printer",
    body=DESPATCH_REPORT,
    query={"token": {"type": "string", "maxLength": 1000}},
    responses={204: None},
    tag="providers",
    security="none",
)
def letter_status(body, query):
    notification_id = despatch_reports.check_report(query.get("token"), body)
    process_despatch_report.apply_async(args=[notification_id, body["data"]["jobStatus"]])
    return "", 204
