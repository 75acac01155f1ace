"""codeward rewards for TRL's GRPOTrainer: a reward function that scores a whole batch with one
call to a running `codeward serve` (POST /v1/rewards).

    trainer = GRPOTrainer(model=..., reward_funcs=[codeward_reward], train_dataset=dataset, ...)

The dataset needs a `label` column: {"oracle": "correctness", "language": "python", "tests": {...}}
(dict or JSON string). TRL passes extra columns as keyword arguments. Conversational completions
(lists of messages) are reduced to the assistant's text.
"""
import json
import os

import requests

CODEWARD_URL = os.environ.get("CODEWARD_URL", "http://127.0.0.1:8080")


def _text(value):
    if isinstance(value, list):  # conversational format: [{"role": "assistant", "content": "..."}]
        return "".join(message.get("content", "") for message in value if message.get("role") == "assistant")
    return value


def codeward_reward(prompts, completions, label, **kwargs):
    samples = []
    for prompt, completion, raw_label in zip(prompts, completions, label):
        meta = json.loads(raw_label) if isinstance(raw_label, str) else dict(raw_label)
        samples.append({"prompt": _text(prompt) if isinstance(_text(prompt), str) else "", "completion": _text(completion), **meta})
    response = requests.post(f"{CODEWARD_URL}/v1/rewards", json={"samples": samples}, timeout=600)
    response.raise_for_status()
    # TRL treats None as "no reward for this sample" and ignores it in the weighted sum.
    return [None if "error" in item else item["score"] for item in response.json()["data"]]
