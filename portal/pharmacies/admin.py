from django.contrib import admin

from portal.pharmacies.models import Invitation, Membership, Pharmacy


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Pharmacy)
class PharmacyAdmin(admin.ModelAdmin):
    list_display = ("name", "postcode", "city", "finess")
    search_fields = ("name", "city", "postcode", "finess")
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "pharmacy", "role", "sent_at", "accepted_at", "cancelled_at")
    list_filter = ("role",)
    search_fields = ("email", "pharmacy__name")
    readonly_fields = ("token", "created_at", "accepted_at", "accepted_by")
    raw_id_fields = ("pharmacy", "invited_by")
