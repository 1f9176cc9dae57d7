from django import template

from portal.accounts.personal_data import member_name

register = template.Library()
register.filter("member_name", member_name)
