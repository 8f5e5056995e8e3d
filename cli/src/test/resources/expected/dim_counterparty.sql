-- dim_counterparty: every counterparty with the latest values of its legal address
select cp.counterparty_id,
       cp.counterparty_legal_name,
       a.address_line_1 as counterparty_legal_address_line_1,
       a.address_line_2 as counterparty_legal_address_line_2,
       a.district       as counterparty_legal_district,
       a.city           as counterparty_legal_city,
       a.postal_code    as counterparty_legal_postal_code,
       a.country        as counterparty_legal_country,
       a.phone          as counterparty_legal_phone_number
from counterparty cp
join address a on a.address_id = cp.legal_address_id
