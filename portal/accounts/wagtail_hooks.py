"""Wagtail's bulk deletion of users follows the data rights too (see `wagtail_users.py`)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from wagtail import hooks

from portal.accounts import personal_data
from portal.accounts.wagtail_users import refusal_message


@hooks.register("before_bulk_action")
def record_bulk_user_deletion(request, action_type, objects, action_class_instance):
    """Runs in the bulk action's transaction, before the deletion: refuse it, or record it."""
    if action_type != "delete" or action_class_instance.model is not get_user_model():
        return None
    reasons = [reason for user in objects for reason in personal_data.deletion_blockers(user)]
    if reasons:
        messages.error(request, refusal_message(reasons))
        return redirect(action_class_instance.next_url)
    for user in objects:
        personal_data.record_deletion(user, by=request.user)
    return None
