#!/bin/sh
# faasfed's function watchdog for busybox images: one HTTP/1.1 request per connection, served by
#   nc -ll -p 8080 -e /usr/bin/fwatchdog
# (busybox nc forks one of these per connection, its stdin and stdout being the socket).
#
# GET /_/health answers 200 OK without running the process, as the classic watchdog's does.
#
# Classic watchdog contract (OpenFaaS' classic watchdog; also what the Fn and OpenWhisk emulators call in container
# mode): any method and path; the request body goes to the stdin of `sh -c "$fprocess"`, its stdout is the response
# body (200), a non-zero exit is a 500 with the output and "exit status N"; exec_timeout (seconds, default 0 = none)
# kills it with a 408. Request facts reach the process as the classic watchdog's variables: Http_Method, Http_Path,
# Http_Query, Http_Content_Length and Http_<Header_Name> for every header (dashes become underscores).
# combine_output=false keeps stderr out of the body (the container log gets it); content_type sets the answer's type.
#
# OpenWhisk action contract (when the container has __OW_API_HOST, which the invoker sets on every action container):
# POST /init answers {"ok":true} once (a second /init is a 403, as in OpenWhisk's action proxy); POST /run gives the
# envelope's "value" object to the process on stdin, its last stdout line must be a JSON object (the result); the lines
# before it and stderr go to the container log, each stream ending with OpenWhisk's activation sentinel.
set -u
tmp=$(mktemp -d /tmp/fwd.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
CR=$(printf '\r')

respond() { # status reason content-type body-file
  printf 'HTTP/1.1 %s %s\r\nContent-Type: %s\r\nContent-Length: %s\r\nConnection: close\r\n\r\n' \
    "$1" "$2" "$3" "$(wc -c < "$4" | tr -d ' ')"
  cat "$4"
}
text() { # status reason message
  printf '%s\n' "$3" > "$tmp/msg"
  respond "$1" "$2" "text/plain; charset=utf-8" "$tmp/msg"
}
json() { # status reason json
  printf '%s' "$3" > "$tmp/msg"
  respond "$1" "$2" "application/json" "$tmp/msg"
}

IFS=' ' read -r method target version || exit 0
method=${method%"$CR"}; target=${target%"$CR"}
length=0
while IFS= read -r line; do
  line=${line%"$CR"}
  [ -z "$line" ] && break
  name=${line%%:*}; value=${line#*:}; value=${value# }
  case "$name" in [Cc][Oo][Nn][Tt][Ee][Nn][Tt]-[Ll][Ee][Nn][Gg][Tt][Hh]) length=$value ;; esac
  case "$name" in *[!A-Za-z0-9-]*|'') continue ;; esac
  var=$(printf '%s' "$name" | tr '-' '_')
  # The variable names follow the header's own case after the first letter, as Go's canonical form gives them.
  first=$(printf '%s' "$var" | cut -c1 | tr a-z A-Z)
  export "Http_$first$(printf '%s' "$var" | cut -c2-)=$value"
done
case "$length" in ''|*[!0-9]*) text 400 "Bad Request" "invalid Content-Length"; exit 0 ;; esac
if [ "$length" -gt 0 ]; then head -c "$length" > "$tmp/in"; else : > "$tmp/in"; fi
path=${target%%\?*}
query=""; case "$target" in *\?*) query=${target#*\?} ;; esac
export Http_Method="$method" Http_Path="$path" Http_Query="$query" Http_Content_Length="$length"

# The classic watchdog's own health path: answered without running the process.
if [ "$path" = "/_/health" ]; then
  text 200 OK "OK"; exit 0
fi

if [ -z "${fprocess:-}" ]; then
  text 500 "Internal Server Error" "no fprocess set in the function's environment"; exit 0
fi

run_process() { # stdin-file
  limit=${exec_timeout:-0}; limit=${limit%s}
  case "$limit" in ''|*[!0-9]*) limit=0 ;; esac
  if [ "$limit" -gt 0 ]; then
    timeout -s KILL "$limit" sh -c "$fprocess" < "$1" > "$tmp/out" 2> "$tmp/err"
  else
    sh -c "$fprocess" < "$1" > "$tmp/out" 2> "$tmp/err"
  fi
}

log() { cat "$@" > /proc/1/fd/1 2>/dev/null || true; }
logerr() { cat "$@" > /proc/1/fd/2 2>/dev/null || true; }

if [ -n "${__OW_API_HOST:-}" ]; then
  sentinel=XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX
  case "$method $path" in
    "POST /init")
      if [ -e /tmp/.fwatchdog-initialized ]; then
        json 403 Forbidden '{"error":"Cannot initialize the action more than once."}'
      else
        : > /tmp/.fwatchdog-initialized
        json 200 OK '{"ok":true}'
      fi ;;
    "POST /run")
      if [ ! -e /tmp/.fwatchdog-initialized ]; then
        json 403 Forbidden '{"error":"The action has not been initialized."}'; exit 0
      fi
      # The envelope is one JSON object; its "value" member (the parameters) is what the process reads.
      awk -f /usr/lib/fwatchdog/value.awk "$tmp/in" > "$tmp/value" || printf '{}' > "$tmp/value"
      run_process "$tmp/value"; status=$?
      lines=$(wc -l < "$tmp/out" | tr -d ' ')
      last=$(tail -n 1 "$tmp/out")
      if [ "$lines" -gt 1 ]; then head -n $((lines - 1)) "$tmp/out" > "$tmp/logs"; log "$tmp/logs"; fi
      logerr "$tmp/err"
      printf '%s\n' "$sentinel" > /proc/1/fd/1 2>/dev/null || true
      printf '%s\n' "$sentinel" > /proc/1/fd/2 2>/dev/null || true
      # As OpenWhisk's action proxy: the last line is the result whatever the exit status; a process that could not
      # run at all (127, 126) has none.
      case "$status" in
        126|127) json 502 "Bad Gateway" '{"error":"The action failed to generate or locate a binary. See logs for details."}' ;;
        *) case "$last" in
             \{*\}) json 200 OK "$last" ;;
             *) json 502 "Bad Gateway" '{"error":"The action did not return a dictionary."}' ;;
           esac ;;
      esac ;;
    *) json 404 "Not Found" '{"error":"Not found."}' ;;
  esac
  exit 0
fi

run_process "$tmp/in"; status=$?
type=${content_type:-${Http_Content_Type:-text/plain}}
if [ "${combine_output:-true}" = "false" ]; then logerr "$tmp/err"; else cat "$tmp/err" >> "$tmp/out"; fi
if [ "$status" -eq 0 ]; then
  respond 200 OK "$type" "$tmp/out"
elif [ "$status" -eq 137 ] && [ "${exec_timeout:-0}" != "0" ]; then
  text 408 "Request Timeout" "Killed process after exec_timeout of ${exec_timeout}"
else
  printf 'exit status %s\n' "$status" >> "$tmp/out"
  respond 500 "Internal Server Error" "text/plain; charset=utf-8" "$tmp/out"
fi
