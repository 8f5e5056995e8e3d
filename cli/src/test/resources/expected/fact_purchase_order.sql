-- fact_purchase_order: the current version of every purchase order
select purchase_order_id,
       created_at::date         as created_date,
       created_at::time(3)      as created_time,
       last_updated::date       as last_updated_date,
       last_updated::time(3)    as last_updated_time,
       staff_id,
       counterparty_id,
       item_code,
       item_quantity,
       item_unit_price,
       currency_id,
       agreed_delivery_date::date as agreed_delivery_date,
       agreed_payment_date::date  as agreed_payment_date,
       agreed_delivery_location_id
from purchase_order
