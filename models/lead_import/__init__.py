"""Reading leads' lifecycle histories out of CRM exports, and turning them into one import edit.

The deal importer's reader, date rules, refusals and stage mapping are reused as they are;
what is particular to leads is their layouts and what a lead record holds."""
