-- dim_date: every calendar date that the current version of a fact row references, with its
-- ISO day of week (Monday = 1) and English day and month names
with dates (d) as (
  select created_at::date           from sales_order
  union select last_updated::date   from sales_order
  union select agreed_payment_date::date  from sales_order
  union select agreed_delivery_date::date from sales_order
  union select created_at::date     from purchase_order
  union select last_updated::date   from purchase_order
  union select agreed_delivery_date::date from purchase_order
  union select agreed_payment_date::date  from purchase_order
  union select created_at::date     from payment
  union select last_updated::date   from payment
  union select payment_date::date   from payment
)
select d                              as date_id,
       extract(year from d)::integer    as year,
       extract(month from d)::integer   as month,
       extract(day from d)::integer     as day,
       extract(isodow from d)::integer  as day_of_week,
       to_char(d, 'FMDay')              as day_name,
       to_char(d, 'FMMonth')            as month_name,
       extract(quarter from d)::integer as quarter
from dates
