"""Units of the environment system, staff users and their roles, API tokens."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from regions.models import Region


class Unit(models.Model):
    """单位: the department, one of its business departments, a city bureau or a county branch."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "省生态环境厅"
        BUSINESS_DEPARTMENT = "business_department", "厅内业务处室"
        PREFECTURE_BUREAU = "prefecture_bureau", "市州生态环境局"
        COUNTY_BRANCH = "county_branch", "县区分局"

    code = models.CharField("单位代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=128)
    kind = models.CharField("类型", max_length=32, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    duty = models.CharField("职责", max_length=32, blank=True)
    # Materialised path "630000/630100/630102/": a unit sees the cases of every unit whose
    # path starts with its own.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "单位"
        verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: "Unit") -> bool:
        """Whether this unit is `other` or below it."""
        return self.path.startswith(other.path)

    def subtree(self) -> "models.QuerySet[Unit]":
        """This unit and every unit below it: what it sees and may hand work down to."""
        return Unit.objects.filter(path__startswith=self.path)


class Role(models.TextChoices):
    """岗位, DESIGN.md §5; admin, security and audit duties are separate roles."""

    CLERK = "clerk", "登记员"
    DISPATCHER = "dispatcher", "分办员"
    HANDLER = "handler", "承办人"
    SUPERVISOR = "supervisor", "督办员"
    LEADER = "leader", "领导"
    CALLER = "caller", "回访员"
    ANALYST = "analyst", "分析员"
    AUDITOR = "auditor", "安全审计员"
    ADMIN = "admin", "系统管理员"


# Roles that must reach the petitioner to do their job, and so may unmask their identity.
IDENTITY_ROLES = frozenset({Role.CLERK, Role.DISPATCHER, Role.HANDLER, Role.CALLER})


class User(AbstractUser):
    """A staff user: belongs to one unit and has one role."""

    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    role = models.CharField("岗位", max_length=16, choices=Role.choices, default=Role.CLERK)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    @property
    def may_see_identity(self) -> bool:
        return self.role in IDENTITY_ROLES


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
