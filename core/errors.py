"""Domain errors: each carries a message a clerk can act on."""


class DomainError(Exception):
    """A request the domain refuses; views and the API turn it into a 4xx with its message."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    status_code = 422


class NotAllowed(DomainError):
    status_code = 409


class Forbidden(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404
