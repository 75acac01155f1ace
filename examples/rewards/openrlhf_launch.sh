#!/usr/bin/env bash
# codeward as OpenRLHF's remote reward model: start the server, then point --remote_rm_url at
# /get_reward. Each dataset row needs a `label` column holding a JSON string such as
#   {"oracle": "correctness", "language": "python", "tests": {"test": "...", "entry_point": "f"}}
# which OpenRLHF forwards (with --label_key label) next to the query and prompt. The response's
# `rewards` train the policy, `scores` are the oracle's pass value and `extra_logs` hold every component.
set -euo pipefail

codeward serve --host 127.0.0.1 --port 8080 &
trap 'kill $!' EXIT
until curl -sf http://127.0.0.1:8080/healthz >/dev/null; do sleep 1; done

python3 -m openrlhf.cli.train_ppo_ray \
  --pretrain Qwen/Qwen2.5-Coder-7B-Instruct \
  --prompt_data your/secure-code-prompts \
  --input_key prompt --label_key label --apply_chat_template \
  --remote_rm_url http://127.0.0.1:8080/get_reward \
  --advantage_estimator group_norm --n_samples_per_prompt 8 \
  --micro_train_batch_size 4 --train_batch_size 128 --rollout_batch_size 128 \
  --max_epochs 1 --save_path ./checkpoints/secure-coder
