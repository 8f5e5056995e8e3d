-- dim_currency: every currency; the English names of the codes the generator uses are spelled
-- out here (independently of java.util.Currency); any other code is its own name
select c.currency_id,
       c.currency_code,
       coalesce(n.currency_name, c.currency_code) as currency_name
from currency c
left join (values ('GBP', 'British Pound'),
                  ('USD', 'US Dollar'),
                  ('EUR', 'Euro'),
                  ('CHF', 'Swiss Franc')) as n (currency_code, currency_name)
       on n.currency_code = c.currency_code
