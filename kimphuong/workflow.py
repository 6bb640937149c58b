"""What every app's state changes share."""


class InvalidTransition(Exception):
    """An action that a record's current state does not allow (an assessment already handed in, a proposal
    already decided, a version already approved…). Views show it as a message; it is never a permission
    error (that is PermissionDenied, a 403). Every app's transition errors derive from this one class."""
