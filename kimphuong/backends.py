"""Signing in happens before any commune scope: the user is found across the installation (user names are
unique), then ``CommuneScopeMiddleware`` scopes the request to the user's commune."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from kimphuong.models import User


class ModelBackendAcrossCommunes(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._base_manager.get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
