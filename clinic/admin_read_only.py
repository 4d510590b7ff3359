"""Admin pages for records the application writes itself (history, consents, outbox, access log):
visible to those allowed to see them, never added, edited or deleted through the admin."""


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
