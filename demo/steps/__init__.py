"""The seed steps of `seed_demo`, one module per step, run in the order of
`demo.context.SEED_STEPS`; each exposes `seed(ctx: DemoContext) -> None`."""
