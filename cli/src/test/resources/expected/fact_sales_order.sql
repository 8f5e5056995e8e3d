-- fact_sales_order: the current version of every sales order (timestamps split into date and
-- time with milliseconds, text dates as dates, staff_id renamed)
select sales_order_id,
       created_at::date         as created_date,
       created_at::time(3)      as created_time,
       last_updated::date       as last_updated_date,
       last_updated::time(3)    as last_updated_time,
       staff_id                 as sales_staff_id,
       counterparty_id,
       units_sold,
       unit_price,
       currency_id,
       design_id,
       agreed_payment_date::date  as agreed_payment_date,
       agreed_delivery_date::date as agreed_delivery_date,
       agreed_delivery_location_id
from sales_order
