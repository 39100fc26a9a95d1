"""JSON Schemas for request and response bodies, one module per area; they feed `/openapi.json`."""
