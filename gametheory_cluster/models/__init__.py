"""The economics, by family; each family's mathematics is on its docs explanation page.

* :mod:`.lending` — the bank–SME lending game, one-shot and repeated, with every
  cluster mechanism (docs/explanation/repeated_lending.md);
* :mod:`.community` — the reputation chain: N lenders or partners, Kandori's
  contagion, Greif's coalition, networks (docs/explanation/community.md, networks.md);
* :mod:`.information` — the diagnosis: Stiglitz–Weiss, Bester, moral hazard,
  Kreps–Wilson, Diamond, Bolton–Scharfstein (docs/explanation/information.md);
* :mod:`.policy` — the recommendations: guarantees, main bank, levers, joint
  liability, guarantee networks (docs/explanation/policy.md, contagion.md);
* :mod:`.base` — :class:`~.base.AutomatonModel`, what every repeated-game model shares.
"""
