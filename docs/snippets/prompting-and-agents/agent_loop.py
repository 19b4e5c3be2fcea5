import json

# A ReAct-style loop with one tool. The "model" is scripted here; in practice it is an LLM call that
# returns either a tool call (name + JSON arguments) or a final answer.
TOOLS = {
    "multiply": {
        "description": "Multiply two integers.",
        "parameters": {"type": "object", "required": ["a", "b"],
                       "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}},
        "fn": lambda a, b: a * b,
    },
}


def validate(args: dict, schema: dict) -> str | None:
    """A tiny subset of JSON Schema: required keys, integer types, no extra keys."""
    missing = [k for k in schema["required"] if k not in args]
    extra = [k for k in args if k not in schema["properties"]]
    wrong = [k for k, v in args.items() if k in schema["properties"] and type(v) is not int]
    return f"missing {missing}, unexpected {extra}, not integer {wrong}" if missing or extra or wrong else None


script = iter([  # what the model emits at each step
    '{"thought": "I need 17 * 23.", "tool": "multiply", "arguments": {"a": "17", "b": 23}}',
    '{"thought": "Integers, not strings.", "tool": "multiply", "arguments": {"a": 17, "b": 23}}',
    '{"thought": "The tool says 391.", "final": "391"}',
])

transcript, answer = [], None
for step in range(8):  # a hard step budget: agents can loop forever
    msg = json.loads(next(script))  # Thought + Action
    if "final" in msg:
        answer = msg["final"]
        break
    tool = TOOLS.get(msg["tool"])
    error = "unknown tool" if tool is None else validate(msg["arguments"], tool["parameters"])
    observation = f"error: {error}" if error else str(tool["fn"](**msg["arguments"]))
    transcript.append((msg["tool"], msg["arguments"], observation))  # Observation, fed back to the model

assert answer == "391" and step == 2
assert transcript[0][2].startswith("error") and transcript[1][2] == "391"  # invalid call rejected, not run
