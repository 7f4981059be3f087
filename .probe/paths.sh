OFF=$(psql -At postgres://postgres@127.0.0.1:5432/test -c "select 1" >/dev/null; echo)
