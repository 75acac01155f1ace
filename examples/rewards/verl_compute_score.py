"""codeward rewards for verl: an async `compute_score` that calls a running `codeward serve`.

Point verl at this file (custom_reward_function.path=examples/rewards/verl_compute_score.py,
custom_reward_function.name=compute_score). verl's async reward loop awaits it per sample; many
samples are in flight at once and the codeward sandbox pool runs them in parallel.

`ground_truth` is the label: {"oracle": "correctness", "language": "python", "tests": {...}} as a
dict or a JSON string (tests: HumanEval {test, entry_point}, MBPP {test_list}, APPS
{input_output} or {pytest: source}). Returns verl's dict form: "score" is the training reward,
the other keys are logged per component.
"""
import json
import os

import aiohttp

CODEWARD_URL = os.environ.get("CODEWARD_URL", "http://127.0.0.1:8080")
_session = None


async def _post(payload):
    global _session
    if _session is None or _session.closed:
        _session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))
    async with _session.post(f"{CODEWARD_URL}/v1/rewards", json=payload) as response:
        response.raise_for_status()
        return await response.json()


async def compute_score(data_source, solution_str, ground_truth, extra_info=None):
    label = json.loads(ground_truth) if isinstance(ground_truth, str) else dict(ground_truth)
    prompt = (extra_info or {}).get("prompt", "")
    sample = {"prompt": prompt if isinstance(prompt, str) else "", "completion": solution_str, **label}
    result = (await _post({"samples": [sample]}))["data"][0]
    if "error" in result:
        # A malformed label is a dataset bug: fail loudly instead of training on a made-up reward.
        raise ValueError(f"codeward rejected the sample from {data_source}: {result['error']['message']}")
    logged = {name: (value if value is not None else float("nan")) for name, value in result["components"].items()}
    return {"score": result["score"], "pass": result["pass"] or 0.0, **logged}
