"""The login backend: Django's ModelBackend, reading a logged-in user's roles in the same query as the user."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .roles import user_with_role_names


class ModelBackendWithRoles(ModelBackend):
    """Every request of a logged-in user loads the user through `get_user`: one query, not one for the user
    and one for the roles. The roles are still read afresh on every request (a removed role counts at once)."""

    def get_user(self, user_id):
        user = user_with_role_names(get_user_model()._default_manager.all(), user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
