# The faasfed emulator's action-loop launcher for python actions, modelled on the OpenWhisk python runtime's
# launcher: it loads the action once, acknowledges with {"ok": true} on file descriptor 3, then reads one activation
# per line on stdin ({"value": {...}, "namespace": ..., "action_name": ..., ...}), exports every key but "value" as
# __OW_<KEY>, calls main(value) and writes the result as one JSON line on file descriptor 3. print() goes to stdout and
# tracebacks to stderr: the emulator keeps both as the activation's logs.
import json
import os
import sys
import traceback

code_file, main_name = sys.argv[1], sys.argv[2]
out = os.fdopen(3, 'wb')
scope = {'__name__': '__main__'}
with open(code_file, encoding='utf-8') as source:
    exec(compile(source.read(), 'main__.py', 'exec'), scope)
main = scope.get(main_name)
if not callable(main):
    sys.stderr.write("Action entrypoint '%s' is not a function.\n" % main_name)
    sys.exit(1)
out.write(b'{"ok": true}\n')
out.flush()
while True:
    line = sys.stdin.readline()
    if not line:
        break
    args = json.loads(line)
    payload = {}
    for key in args:
        if key == 'value':
            payload = args['value']
        else:
            os.environ['__OW_%s' % key.upper()] = str(args[key])
    try:
        res = main(payload)
    except Exception as ex:
        print(traceback.format_exc(), file=sys.stderr)
        res = {'error': str(ex)}
    sys.stdout.flush()
    sys.stderr.flush()
    out.write(json.dumps(res, ensure_ascii=False).encode('utf-8'))
    out.write(b'\n')
    out.flush()
