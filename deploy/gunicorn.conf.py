# gunicorn's settings for the portal in production (docs/install.md):
#   CKAN_INI=/etc/ckan/simore.ini gunicorn -c deploy/gunicorn.conf.py
# nginx faces the Internet and forwards to the socket below; every value can
# be overridden on the command line (the tests and the load benchmark bind a
# loopback port instead).
import multiprocessing
import os

wsgi_app = "ckanext.simore.deployment.wsgi:application"
bind = os.environ.get("SIMORE_BIND", "unix:/run/simore/gunicorn.sock")

# CKAN answers a request in one thread and spends most of it in PostgreSQL:
# two processes a core keep the cores busy while others wait on the database.
workers = int(os.environ.get("SIMORE_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Each worker loads the application itself: CKAN's database engine and
# Redis connections must not be shared between forked processes.
preload_app = False
# A slow export or import upload may take a while; a stuck request is killed.
timeout = 120
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never grows unbounded.
max_requests = 2000
max_requests_jitter = 200

# nginx adds X-Forwarded-* on the same machine.
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = "-"
errorlog = "-"
loglevel = "warning"
