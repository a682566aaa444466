# Runs one OpenWhisk python action for the faasfed emulator: parameters (a JSON object) on stdin, the action's
# result (a JSON object) on stdout. print() goes to stderr, where the emulator collects the activation logs.
import json
import sys
import traceback

code_file, main_name = sys.argv[1], sys.argv[2]
result_out = sys.stdout
sys.stdout = sys.stderr
try:
    raw = sys.stdin.read()
    params = json.loads(raw) if raw.strip() else {}
    scope = {'__name__': 'action'}
    with open(code_file, encoding='utf-8') as source:
        exec(compile(source.read(), 'action.py', 'exec'), scope)
    main = scope.get(main_name)
    if not callable(main):
        sys.stderr.write("Action entrypoint '%s' is not a function.\n" % main_name)
        sys.exit(2)
except SystemExit:
    raise
except Exception:
    sys.stderr.write('Initialization has failed due to: ' + traceback.format_exc())
    sys.exit(2)
try:
    result = main(params)
except Exception as error:
    traceback.print_exc()
    result = {'error': str(error)}
result_out.write(json.dumps({} if result is None else result) + '\n')
result_out.flush()
