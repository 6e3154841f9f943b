"""Reading deals' stage histories out of CRM exports, and turning them into one import edit."""
