"""Audit trail of sensitive actions: `from portal.audit.models import AuditEvent, record`."""
