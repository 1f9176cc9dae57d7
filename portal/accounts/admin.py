from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from portal.accounts.models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Portail", {"fields": ("kind", "rpps")}))
    list_display = ("email", "first_name", "last_name", "kind", "is_staff")
