// GuanxiQuery: see ../shared/DESIGN.md, "Architecture". This file goes when the module has real code.
