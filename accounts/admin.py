from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import Unit, User
from core.admin import AuditedAdmin


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "region", "parent", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name"]


@admin.register(User)
class StaffAdmin(AuditedAdmin, UserAdmin):
    list_display = ["username", "role", "unit", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("单位与岗位", {"fields": ("unit", "role", "locked_until")}),
    )
