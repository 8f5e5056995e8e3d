-- fact_payment: the current version of every payment
select payment_id,
       created_at::date      as created_date,
       created_at::time(3)   as created_time,
       last_updated::date    as last_updated_date,
       last_updated::time(3) as last_updated_time,
       transaction_id,
       counterparty_id,
       payment_amount,
       currency_id,
       payment_type_id,
       paid,
       payment_date::date    as payment_date
from payment
