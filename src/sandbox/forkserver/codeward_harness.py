# codeward fork server, child side: the test harness that runs inside a forked child after the
# program (HumanEval check, MBPP asserts, function calls, pytest) and reports verdicts on fd 3.
import json
import os
import sys
import time
import traceback

STATUS_FD = 3


def emit(event):
    try:
        os.write(STATUS_FD, (json.dumps(event) + '\n').encode())
    except Exception:
        pass


def same(actual, expected):
    """Equality for function-call tests: tuples equal lists, floats within 1e-6, APPS's [value] wrapping."""
    if actual == expected:
        return True
    try:
        normalized = json.loads(json.dumps(actual))
    except Exception:
        normalized = actual
    if normalized == expected:
        return True
    if isinstance(expected, float) or isinstance(normalized, float):
        try:
            return abs(float(normalized) - float(expected)) <= 1e-6 * max(1.0, abs(float(expected)))
        except Exception:
            return False
    if isinstance(expected, list) and isinstance(normalized, list) and len(expected) == len(normalized):
        if all(same(a, e) for a, e in zip(normalized, expected)):
            return True
    return isinstance(expected, list) and len(expected) == 1 and same(normalized, expected[0])


def resolve_function(namespace, name):
    if name:
        if callable(namespace.get(name)):
            return namespace[name]
        sol = namespace.get('Solution')
        if isinstance(sol, type) and hasattr(sol, name):
            return getattr(sol(), name)
        raise NameError(f'function {name!r} is not defined')
    sol = namespace.get('Solution')
    if isinstance(sol, type):
        methods = [k for k, v in vars(sol).items() if callable(v) and not k.startswith('_')]
        if len(methods) == 1:
            return getattr(sol(), methods[0])
    raise NameError('cannot tell which function to call; pass fn_name')


def run_case(namespace, case):
    if case['kind'] == 'code':
        exec(compile(case['code'], '<test>', 'exec'), namespace)
        return None
    fn = resolve_function(namespace, case.get('fn'))
    actual = fn(*case['args'])
    if not same(actual, case['expected']):
        raise AssertionError('expected %s, got %s' % (repr(case['expected'])[:300], repr(actual)[:300]))
    return None


def exit_code_of(err):
    if err.code is None:
        return 0
    if isinstance(err.code, int):
        return err.code & 0xFF
    print(err.code, file=sys.stderr)
    return 1


def run_harness(namespace, harness):
    nonce = harness['nonce']
    if harness.get('setup'):
        try:
            # Compiled by the handler when it could (SetupCache in worker.py); the same code either way.
            exec(harness.get('setup_code') or compile(harness['setup'], '<test setup>', 'exec'), namespace)
        except BaseException as err:
            traceback.print_exc()
            emit({'e': 'setup_error', 'n': nonce, 'error': type(err).__name__})
            return 1
    failures = 0
    for index, case in enumerate(harness['cases']):
        started = time.perf_counter()
        event = {'e': 'case', 'n': nonce, 'i': index, 'ok': True}
        try:
            run_case(namespace, case)
        except BaseException as err:
            failures += 1
            event['ok'] = False
            event['error'] = type(err).__name__
            event['message'] = str(err)[:500]
            if not isinstance(err, AssertionError):
                traceback.print_exc()
        event['ms'] = (time.perf_counter() - started) * 1000
        emit(event)
        try:
            sys.stdout.flush()
        except BaseException:
            pass
    emit({'e': 'done', 'n': nonce})
    return 1 if failures else 0


def run_pytest(run_dir, source, harness):
    """The program is solution.py, the tests test_solution.py; one verdict event per test."""
    nonce = harness['nonce']
    with open(os.path.join(run_dir, 'solution.py'), 'w') as handle:
        handle.write(source)
    with open(os.path.join(run_dir, 'test_solution.py'), 'w') as handle:
        handle.write(harness['pytest'])
    try:
        import pytest
    except ImportError:
        print('pytest is not installed for /usr/bin/python3 (Debian: apt-get install python3-pytest)', file=sys.stderr)
        emit({'e': 'setup_error', 'n': nonce, 'error': 'ImportError'})
        return 1

    class Collector:
        def pytest_runtest_logreport(self, report):
            if report.when == 'call' or (report.failed and report.when == 'setup'):
                event = {'e': 'case', 'n': nonce, 'i': 0, 'ok': report.passed, 'ms': report.duration * 1000, 'message': report.nodeid}
                if report.failed:
                    crash = getattr(report.longrepr, 'reprcrash', None)
                    text = crash.message if crash is not None else str(report.longrepr)
                    event['error'] = 'AssertionError' if report.when == 'call' and text.startswith('assert') or 'AssertionError' in text else 'Error'
                    event['message'] = '%s: %s' % (report.nodeid, text[:400])
                emit(event)

    code = pytest.main(['-q', '-p', 'no:cacheprovider', '-p', 'no:randomly', 'test_solution.py'], plugins=[Collector()])
    emit({'e': 'done', 'n': nonce})
    return int(code)
