"""Running the portal in production: the deployment's checks
(``settings``, pure; ``doctor``, against the running services). See
docs/install.md."""
