#!/usr/bin/env bash
# Run the site as in production on one machine: migrate, collect the static files, then the
# task worker (`manage.py db_worker`: index outbox replay, document text extraction, booking
# emails) in the background and gunicorn (cms/gunicorn.conf.py) in the foreground. Ctrl-C,
# or either process ending, stops both. `make serve` runs this.
#   serve.sh [--check-env]   (--check-env: only check that the environment names the services)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PY=${PYTHON:-.venv/bin/python}

missing=()
for name in SECRET_KEY ALLOWED_HOSTS DATABASE_URL REDIS_URL SEARCH_BACKEND; do
    [ -n "${!name:-}" ] || missing+=("$name")
done
if [ -n "${SEARCH_BACKEND:-}" ] && [ "$SEARCH_BACKEND" != database ] && [ -z "${SEARCH_URL:-}" ]; then
    missing+=(SEARCH_URL)
fi
if [ ${#missing[@]} -gt 0 ]; then
    cat >&2 <<MSG
make serve: set ${missing[*]} in the environment first. For example, on one machine:

  export SECRET_KEY="\$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
  export ALLOWED_HOSTS=www.example.org,127.0.0.1
  export DATABASE_URL=postgres://cms:cms@127.0.0.1:5432/cms
  export REDIS_URL=redis://127.0.0.1:6379/0          # make redis
  export SEARCH_BACKEND=opensearch SEARCH_URL=http://127.0.0.1:9251   # make opensearch
  export SECURE_SSL_REDIRECT=false                  # only to try it without HTTPS
MSG
    exit 1
fi
if [ "${1:-}" = --check-env ]; then exit 0; fi

export DJANGO_SETTINGS_MODULE=cms.settings.production
export TASKS_BACKEND=${TASKS_BACKEND:-database}

echo "== Migrating the database"
$PY manage.py migrate --noinput -v 0
echo "== Collecting the static files (compressed, with hashed names)"
$PY manage.py collectstatic --noinput -v 0

pids=()
stop() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

echo "== Starting the task worker (manage.py db_worker)"
$PY manage.py db_worker &
pids+=($!)
echo "== Serving on http://${BIND:-127.0.0.1:8000}/ with gunicorn; Ctrl-C stops both"
$PY -m gunicorn -c cms/gunicorn.conf.py cms.wsgi &
pids+=($!)
# Whichever ends first (a crash, or Ctrl-C) takes the other down with it (the EXIT trap).
set +e
wait -n "${pids[@]}"
status=$?
echo "serve: a process ended (status $status); stopping the other" >&2
exit "$status"
