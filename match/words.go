package match

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"passerelle"
)

// group lists words that name one thing in several languages or abbreviations; the
// first is the word the others become.
func group(ws ...string) []string { return ws }

// synonymGroups: the words of institution names in the languages the directory meets
// most, and city names with their exonyms. A name in another language then shares the
// English name's words: "Universidad de Chile" and "University of Chile".
var synonymGroups = [][]string{
	group("university", "universite", "universitat", "universitaet", "universidad", "universidade", "universita",
		"universiteit", "universitet", "uniwersytet", "univerzita", "univerzitet", "universitatea", "univ", "universitatis",
		"universitas", "universiti", "yliopisto", "egyetem", "universiteti", "univerza", "universitaire", "universitario",
		"universitaria", "universitaria", "universitair", "universitats", "universities", "universitesi", "universitetet", "uniwersytetu", "ulikool", "panepistimio", "panepistimiou", "daigaku", "daxue", "daehakgyo", "univerzitetu", "universiteto", "universitetas"),
	group("institute", "institut", "instituto", "istituto", "instytut", "inst", "institutet", "instituut", "institutes",
		"institutt", "instituta", "institutu", "intezet", "intezete", "yanjiusuo", "enstitusu", "instituutti", "instytutu", "ustav", "kenkyusho", "kenkyujo", "institutului", "institutas", "institutom"),
	group("national", "nationale", "nacional", "kokuritsu", "guojia", "guoli", "nazionale", "nationaal", "narodowy", "natl", "nat", "nationales",
		"nacionales", "nazionali", "naional", "nationalen", "narodni", "narodowe", "narodowa", "nationella", "nasional", "ulusal", "kansallinen", "nacionalni", "natsionalnyi", "nationaux", "nazionale", "ethniko", "ethnikon", "ethnikis", "ethnikou", "natsionalnyy", "nemzeti"),
	group("center", "centre", "centro", "zentrum", "centrum", "ctr", "zhongxin", "senta", "centres", "centers", "centros", "cent", "cntr", "centras", "centar", "keskus", "merkezi", "centrul", "pusat", "centrs", "tsentr", "kozpont", "kozpontja", "kentro", "kentrou"),
	group("research", "recherche", "recherches", "investigacion", "investigaciones", "ricerca", "ricerche", "forschung",
		"onderzoek", "pesquisa", "pesquisas", "investigacao", "badawczy", "researches", "forschungs", "tyrimu", "tutkimus", "arastirma", "arastirmalari", "kutatas", "kutato", "vyzkumny", "vyzkumu", "penelitian", "onderzoeks", "forsknings", "forskning", "kenkyu", "istrazivanja", "recerca", "investigacio", "kutatointezet", "yanjiu", "erevnas", "erevnon", "issledovatelskii", "issledovatelskiy"),
	group("science", "sciences", "scientifique", "scientifiques", "scientific", "ciencias", "ciencia", "scienze",
		"scienza", "wissenschaften", "wissenschaft", "wetenschappen", "sci", "nauk", "naukowy", "cientifico",
		"cientifica", "scientifica", "scientifico", "wissenschaftliche", "ciencies", "kagaku", "kexue", "ilmu", "nauki", "nauka", "tieteiden", "bilimleri", "bilim", "tudomanyos", "tudomany", "sains", "znanosti", "vetenskap", "videnskab", "vitenskap", "nauchnyi", "nauchnyy", "nauchno", "epistimon", "epistimes", "epistimonikis"),
	group("technology", "technologie", "technologies", "tecnologia", "tecnologias", "technological", "technologique",
		"technologiques", "tecnologico", "tecnologica", "technische", "technischen", "technik", "tech", "technical",
		"technique", "techniques", "tecnica", "tecnico", "technicka", "technologii", "techn", "technol", "teknologi", "teknik", "tecnologic", "gijutsu", "jishu", "teknoloji", "teknologian", "tekniska", "tekniske", "technologiczny", "technologiczna", "technologicky", "technicky", "tehnologii", "tehnicka", "tehnicki"),
	group("hospital", "hopital", "hopitaux", "hospitalier", "hospitaliere", "hospitaliers", "ospedale", "ospedaliera",
		"krankenhaus", "klinikum", "ziekenhuis", "hosp", "hospitais", "hospitales", "hospitals", "sjukhus", "sygehus", "sjukhuset", "sykehus", "szpital", "nemocnice", "bolnica", "hastanesi", "byoin", "yiyuan", "spital", "spitalul", "hospitalar", "hospitalario", "hospitaliere", "ziekenhuizen", "bolnitsa", "korhaz", "korhaza", "sairaala", "haigla", "nosokomeio"),
	group("school", "ecole", "escuela", "escola", "scuola", "schule", "hochschule", "schools", "ecoles", "sch", "koulu", "skola", "skole", "szkola", "okulu", "sekolah", "gakko", "escuelas", "escolas"),
	group("medicine", "medecine", "medicina", "medizin", "medical", "medicale", "medicales", "medico", "medica",
		"medizinische", "medizinischen", "med", "medicinal", "medicine", "medisch", "medische", "geneeskunde", "medicaments", "medicament", "medicamentos", "medicines", "arzneimittel", "yike", "igaku", "medycyny", "medyczny", "medyczna", "laaketieteen", "lekarska", "kedokteran", "meditsinskii", "meditsinskiy", "medicinska", "medicinsk"),
	group("foundation", "fondation", "fundacion", "fondazione", "stiftung", "stichting", "fundacao", "fundacio", "fdn", "saatio", "saation", "stiftelse", "stiftelsen", "fundacja", "vakfi", "yayasan", "nadace", "zaklada", "fundatia", "foundations", "zaidan", "alapitvany", "idryma"),
	group("society", "societe", "sociedad", "societa", "gesellschaft", "sociedade", "soc", "selskab", "towarzystwo", "seura", "selskap", "sallskapet", "societies", "gakkai", "obshchestvo", "tarsasag", "tarsasaga", "selts", "samfundet", "samfund", "spolecnost", "drustvo", "etaireia"),
	group("laboratory", "laboratoire", "shiyanshi", "laboratoires", "laboratorio", "laboratorios", "labor", "lab", "labs",
		"laboratories", "laboratorium", "ergastirio", "laboratoriya"),
	group("agriculture", "agricultural", "agronomique", "agricole", "agraria", "agrarian", "agricola", "agronomy",
		"agronomie", "agronomia", "landbouw", "landwirtschaft", "agri", "nongye", "nogyo", "rolniczy", "rolnicza", "zemedelska", "pertanian", "tarim", "maatalous", "landbruk", "agrarias", "agrarie", "agronomico", "agronomica"),
	group("engineering", "ingenieurs", "ingenieur", "ingenieria", "ingegneria", "engineers", "engenharia", "eng", "muhendislik", "inzynierii", "engineer"),
	group("faculty", "faculte", "facultad", "facolta", "fakultat", "faculdade", "fakulteta", "faculteit", "fac"),
	group("polytechnic", "polytechnique", "politecnico", "politecnica", "polytechnical", "polytechnika",
		"politechnika", "polytechnics", "politecnic", "politeknik", "politechniki", "politecnica"),
	group("academy", "academie", "academia", "akademie", "akademia", "academies", "acad", "akademi", "akademija", "akademiya", "akademii", "akademiia", "akademiyasi", "akadeemia"),
	group("museum", "musee", "museo", "museu", "museums", "musees", "muzeum", "muzeul", "muzej", "museet", "muzesi", "museen", "muzei"),
	group("library", "bibliotheque", "biblioteca", "bibliothek", "bibliotek", "knihovna", "biblioteka", "kirjasto", "kutuphane", "kutuphanesi", "perpustakaan", "libraries", "bibliotheken"),
	group("ministry", "ministere", "ministerio", "ministero", "ministerium", "ministerstvo", "ministerstwo", "bakanligi", "kementerian", "ministeriet", "ministries"),
	group("health", "sante", "salud", "salute", "gesundheit", "saude", "healthcare", "sanitat", "salut", "weisheng", "hoken", "zdrowia", "terveys", "saglik", "kesehatan", "sundhed", "halsa", "helse", "zdravi", "zdravotnictvi"),
	group("environment", "environnement", "ambiente", "umwelt", "environmental", "environnementale", "ambiental"),
	group("catholic", "catholique", "catolica", "catolico", "cattolica", "katholische", "katholieke", "katolicki"),
	group("free", "libre", "libera", "freie", "vrije", "livre"),
	group("applied", "appliquees", "appliquee", "aplicadas", "aplicada", "angewandte", "applicata", "applicate", "terapan", "aplicadas", "applique", "aplicado"),
	group("economics", "economie", "economia", "keizai", "jingji", "economic", "economique", "economiques", "economy", "wirtschaft",
		"economicas", "economiche", "econ", "ekonomiczny", "ekonomicky", "ekonomi", "ekonomii", "ekonomika", "economicas", "ekonomiki"),
	group("studies", "etudes", "estudios", "studi", "studien", "estudos", "study"),
	group("higher", "superieure", "superieur", "superior", "superiore", "hogere"),
	group("advanced", "avances", "avanzados", "avanzati", "avancados"),
	group("federal", "federale", "federais", "fédéral"),
	group("regional", "regionale", "regionales", "regionali"),
	group("general", "generale", "generali", "generales", "sogo"),
	group("saint", "st", "sankt", "santa", "sainte", "ste", "sao", "san", "santo", "szent", "sveti"),
	group("mount", "mt"),
	group("prefecture", "prefectural", "kenritsu"),
	group("department", "dept", "dep", "departement", "departamento", "dipartimento", "abteilung"),
	group("association", "assoc", "asociacion", "associazione", "associacao", "verein", "vereniging", "associations", "yhdistys", "forening", "forbund", "stowarzyszenie", "asociatia", "dernegi", "associacio", "kyokai"),
	group("company", "compagnie", "compania", "compagnia", "companhia"),
	group("observatory", "observatoire", "observatorio", "osservatorio", "sternwarte"),
	group("council", "conseil", "consejo", "consiglio", "raad"),
	group("agency", "agence", "agencia", "agenzia", "agentur"),
	group("college", "colegio", "collegio", "kolleg", "coll", "xueyuan", "kolej", "kolegium", "colegiul", "colleges", "kollegium"),
	group("clinic", "clinique", "clinica", "klinik", "clinics", "cliniques", "clinical", "clinico", "klinische"),
	group("cancer", "cancerologie", "cancro", "krebs", "oncology", "oncologie", "oncologia", "onkologie"),
	group("biology", "biologie", "biologia", "biological", "biologique", "biologico", "biologische", "bio"),
	group("chemistry", "chimie", "quimica", "chimica", "chemie", "chemical", "chemicals"),
	group("physics", "physique", "fisica", "physik", "fysica", "fysik", "fysikk", "fyzika", "fizika", "fizyki", "physical"),
	group("mathematics", "mathematiques", "matematicas", "matematica", "mathematik", "math", "maths"),
	group("marine", "marin", "marina", "marino", "meeres", "mer", "sea", "ocean", "oceanography", "oceanographie"),
	group("public", "publique", "publica", "publico", "pubblica", "offentliche"),
	group("private", "privee", "privada", "privata", "private"),
	group("state", "etat", "estado", "estatal", "statale", "staatliche", "staatlichen", "gosudarstvennyi", "gosudarstvennyy", "devlet", "negeri", "panstwowy", "panstwowa", "statni", "states"),
	group("veterinary", "veterinaire", "veterinaria", "veterinario", "tierarztliche", "vet"),
	group("pharmacy", "pharmacie", "farmacia", "pharmazie", "pharmaceutical", "pharmaceutique", "pharma", "pharmaceuticals"),
	group("nursing", "kango", "huli", "infirmiers", "enfermeria", "infermieristica"),
	group("education", "educacion", "educacao", "kyoiku", "jiaoyu", "educazione", "erziehung", "enseignement", "educational", "pendidikan", "egitim", "edukacji", "vzdelavani", "educativo", "educativa"),
	group("arts", "art", "beaux", "seni", "geijutsu", "yishu", "artes", "arte", "kunst", "kunste", "fine"),
	group("music", "musique", "musica", "musik", "ongaku", "yinyue", "muusika", "muzyki", "muzyczna", "conservatoire", "conservatorio", "conservatory", "konservatorium"),
	group("law", "droit", "derecho", "diritto", "recht"),
	group("women", "womens", "women's", "femmes", "mujeres", "joshi"),
	group("children", "childrens", "enfants", "ninos", "kinder", "pediatric", "pediatrics", "paediatric"),
	// Places, with their names in the languages of their own or neighbouring countries.
	group("vienna", "wien", "vienne"),
	group("munich", "munchen", "muenchen", "monaco di baviera"),
	group("cologne", "koln", "koeln"),
	group("rome", "roma"),
	group("milan", "milano"),
	group("naples", "napoli"),
	group("florence", "firenze"),
	group("turin", "torino"),
	group("venice", "venezia", "venise"),
	group("genoa", "genova", "genes"),
	group("padua", "padova"),
	group("prague", "praha", "prag"),
	group("warsaw", "warszawa", "warschau", "varsovie"),
	group("krakow", "cracow", "cracovie", "krakau"),
	group("lisbon", "lisboa", "lisbonne"),
	group("moscow", "moskva", "moscou", "moskau", "moskovskii", "moskovskiy"),
	group("seville", "sevilla"),
	group("geneva", "geneve", "genf", "ginevra"),
	group("brussels", "bruxelles", "brussel", "brusel"),
	group("antwerp", "antwerpen", "anvers"),
	group("louvain", "leuven", "lovanio"),
	group("hague", "haag", "haye"),
	group("copenhagen", "kobenhavn", "copenhague"),
	group("gothenburg", "goteborg"),
	group("athens", "athina", "athenes", "athen"),
	group("bucharest", "bucuresti", "bucarest"),
	group("belgrade", "beograd"),
	group("kyiv", "kiev", "kyyiv", "kiiv", "kyivskyi", "kievskii"),
	group("petersburg", "peterburg", "petersbourg", "sankt-peterburg"),
	group("beijing", "peking", "pekin"),
	group("basel", "bale", "basilea"),
	group("bern", "berne"),
	group("strasbourg", "strassburg"),
	group("nuremberg", "nurnberg", "nuernberg"),
	group("hanover", "hannover"),
	group("brunswick", "braunschweig"),
	group("marseille", "marseilles"),
	group("lyon", "lyons"),
	group("zurich", "zuerich", "zurigo"),
	group("barcelona", "barcelone"),
	group("saragossa", "zaragoza"),
	group("corunna", "coruna"),
	group("mexico", "mexique", "mexicana", "mexicano"),
	group("japan", "nihon", "nippon", "japon", "japanese", "giappone"),
	group("france", "francaise", "french", "francais"),
	group("germany", "deutschland", "deutsche", "deutsches", "deutscher", "german", "allemagne"),
	group("spain", "espana", "spanish", "espanola", "espagne"),
	group("italy", "italia", "italiana", "italiano", "italian", "italie"),
	group("switzerland", "suisse", "schweiz", "svizzera", "swiss", "schweizerische"),
	group("austria", "osterreich", "austrian", "autriche", "osterreichische"),
	group("belgium", "belgique", "belgie", "belgian"),
	group("netherlands", "nederland", "dutch", "pays-bas", "nederlandse"),
	group("sweden", "sverige", "swedish", "suede"),
	group("norway", "norge", "norwegian", "norvege"),
	group("denmark", "danmark", "danish", "danemark"),
	group("finland", "suomi", "finnish", "finlande", "suomen"),
	group("portugal", "portuguesa", "portuguese", "portugues"),
	group("brazil", "brasil", "brasileira", "brasileiro", "bresil", "brazilian"),
	group("poland", "polska", "polish", "pologne", "polski", "polskie", "polskiego", "polskiej", "polsko"),
	// Countries as their languages and neighbours write them, and their adjectives:
	// a label in the country's language names it so ("Lietuvos", "Eesti").
	group("lithuania", "lithuanian", "lietuva", "lietuvos", "lietuviu", "lituanie"),
	group("latvia", "latvian", "latvija", "latvijas", "lettonie"),
	group("estonia", "estonian", "eesti", "estonie"),
	group("hungary", "hungarian", "magyar", "magyarorszag", "magyarorszagi", "hongrie"),
	group("czech", "czechia", "cesky", "ceska", "ceske", "ceskych", "cesko", "tcheque"),
	group("croatia", "croatian", "hrvatska", "hrvatske", "hrvatski", "hrvatskog", "hrvatsko", "croatie"),
	group("serbia", "serbian", "srbija", "srbije", "srpska", "srpski", "serbie"),
	group("romania", "romanian", "romaniei", "roumanie"),
	group("bulgaria", "bulgarian", "balgarska", "bulgarska", "bulgarie"),
	group("greece", "greek", "hellenic", "ellinikon", "ellinikos", "elliniki", "ellados", "ellada", "grece"),
	group("turkey", "turkiye", "turkish", "turquie"),
	group("ukraine", "ukrainian", "ukrainy", "ukrainska", "ukrainskyi"),
	group("ireland", "irish", "eireann", "irlande"),
	group("wales", "welsh", "cymru"),
	group("scotland", "scottish", "ecosse"),
	group("iceland", "icelandic", "islands", "islande"),
	group("argentina", "argentine", "argentino"),
	group("chile", "chilean", "chileno", "chilena", "chili"),
	group("colombia", "colombian", "colombiano", "colombiana", "colombie"),
	group("peru", "peruvian", "peruano", "peruana", "perou"),
	group("cuba", "cuban", "cubano", "cubana"),
	group("venezuela", "venezuelan", "venezolano", "venezolana"),
	group("canada", "canadian", "canadien", "canadienne"),
	group("australia", "australian", "australie"),
	group("india", "indian", "bharatiya", "inde"),
	group("pakistan", "pakistani"),
	group("bangladesh", "bangladeshi"),
	group("nepal", "nepali", "nepalese"),
	group("iran", "iranian"),
	group("iraq", "iraqi", "irak"),
	group("israel", "israeli"),
	group("egypt", "egyptian", "egypte"),
	group("morocco", "moroccan", "maroc", "marocain", "marocaine"),
	group("algeria", "algerian", "algerie", "algerien", "algerienne"),
	group("tunisia", "tunisian", "tunisie", "tunisien", "tunisienne"),
	group("lebanon", "lebanese", "liban", "libanais", "libanaise"),
	group("nigeria", "nigerian"),
	group("kenya", "kenyan"),
	group("ghana", "ghanaian"),
	group("ethiopia", "ethiopian"),
	group("sudan", "sudanese"),
	group("indonesia", "indonesian", "indonesie"),
	group("philippines", "philippine", "filipino", "pilipinas"),
	group("thailand", "thai", "thailande"),
	group("vietnam", "vietnamese"),
	group("malaysia", "malaysian", "malaisie"),
	group("singapore", "singaporean"),
	group("taiwan", "taiwanese"),
	group("kazakhstan", "kazakh", "kazakhstani"),
	group("armenia", "armenian", "armenie"),
	group("azerbaijan", "azerbaijani", "azerbaycan", "azarbaycan"),
	group("cyprus", "cypriot", "chypre"),
	group("malta", "maltese", "malte"),
	group("mongolia", "mongolian", "mongolie"),
	group("china", "chinese", "chine", "zhongguo"),
	group("korea", "korean", "coree", "hanguk"),
	group("russia", "russian", "rossii", "rossiiskii", "russie", "russkoe", "russkii", "rossiiskoe", "rossiiskaia"),
	group("europe", "european", "europeen", "europeenne", "europea", "europeo", "europaische", "europese"),
	group("computer", "computers", "informatique", "informatica", "informatik", "computing", "computacion", "computacao",
		"informatics", "informatyki", "komputerowych", "komputerowe", "szamitastechnikai", "bilgisayar", "tietojenkasittely"),
	group("imaging", "imagerie", "imagen", "imagem", "bildgebung", "immagini"),
	group("theoretical", "teoretisk", "theorique", "teorica", "teorico", "theoretische", "teoretyczny"),
	group("christian", "chretien", "chretienne", "cristiana", "cristiano", "kristen", "christliche", "kristillinen"),
	group("communication", "communications", "lacznosci", "comunicacion", "comunicacao", "comunicazione", "kommunikation",
		"komunikasi", "iletisim"),
	group("commission", "committee", "commissie", "commissione", "comision", "kommission", "komisja", "comissao"),
	group("catalonia", "catalunya", "cataluna", "catalogne", "catalana", "catala"),
	group("junior", "tanki"),
	group("parliament", "parlement", "parlamento", "parlament", "parlamentu"),
	group("north", "nord", "norte", "northern"),
	group("south", "sud", "sul", "southern"),
	group("west", "ouest", "oeste", "western"),
	group("graduate", "daigakuin"),
	group("international", "internationale", "internacional", "internazionale", "intl", "uluslararasi", "kansainvalinen",
		"miedzynarodowy", "mezinarodni", "nemzetkozi"),
	group("management", "gestion", "gestao", "gestione", "zarzadzania", "yonetim", "manajemen", "managementu"),
	group("administration", "administracion", "administracao", "amministrazione", "verwaltung", "hallinto", "hallinnon",
		"administratif", "administrative", "administrativa", "administrativo", "administracji", "administrasi"),
	group("culture", "cultural", "kultur", "cultura", "kultury", "culturel", "culturelle", "kulturelle", "kulturowy"),
	group("energy", "energie", "energia", "energi", "enerji", "energetique", "energetica"),
	group("social", "sociale", "sociales", "sociali", "sozial", "soziale", "socialnich", "socialiniu", "sosyal", "sosial",
		"spoleczny", "spoleczna", "sociaux", "socials"),
	group("development", "kaihatsu", "developpement", "desarrollo", "desenvolvimento", "sviluppo", "entwicklung", "rozwoju",
		"pembangunan", "kehitys", "gelistirme"),
	group("industrial", "kogyo", "gongye", "industriel", "industrielle", "industria", "industrie", "industriale", "industrias", "sanayi",
		"industry", "industries", "industriales"),
	group("commerce", "comercio", "commercio", "handel", "ticaret", "perdagangan", "commercial", "comercial"),
	group("geology", "geological", "geologique", "geologia", "geologie", "geologico", "geologica", "geoscience",
		"geosciences", "geologii", "geologische"),
	group("provincial", "provinciale", "provincia", "provinz", "provinciaal", "province"),
	group("municipal", "municipale", "municipalidad", "municipio", "stadtische", "miejski", "belediyesi", "shiritsu"),
	group("central", "centrale", "centrala", "centralny", "zentral", "zentrale", "centrais"),
	group("military", "militaire", "militar", "militare", "militar", "wojskowy", "militari"),
	group("defence", "defense", "defensa", "difesa", "verteidigung", "savunma", "obrony"),
	group("people", "peoples", "popular", "populaire", "rakyat", "renmin"),
	group("teachers", "teacher", "shifan", "keguruan", "pedagogical", "pedagogique", "pedagogico", "pedagogica", "pedagogiczny",
		"pedagogicky", "pedagogicheskii", "pedagogiki"),
	group("forestry", "forest", "forests", "forestal", "forestale", "forestier", "forestiere", "forst", "lesnictvi",
		"metsa", "kehutanan"),
	group("fisheries", "fishery", "suisan", "pesca", "peche", "fischerei", "rybactwa", "perikanan"),
	group("food", "alimentation", "alimentaire", "alimentos", "alimentari", "lebensmittel", "zywnosci", "gida", "pangan"),
	group("water", "agua", "acqua", "wasser", "vatten", "vann", "woda", "vesi"),
	group("archives", "archive", "archiv", "archivo", "archivio", "arquivo", "arsiv", "arsivleri", "archiwum", "arkisto"),
	group("republic", "republique", "republica", "repubblica", "republik", "cumhuriyeti", "rzeczpospolita"),
	group("court", "tribunal", "tribunale", "gericht"),
	group("geographical", "geography", "geographique", "geografia", "geografico", "geographische", "geograficheskoe", "geografii"),
	group("theatre", "theater", "teatro", "teatr", "teater", "teatri", "theatro", "theatrical"),
	group("graduate", "graduada", "diplome", "postgraduate", "posgrado"),
}

var synonyms = map[string]string{}

// groupInitials are the initials of the words of each group, by its first word
// ("school": "sehk"): the letter an acronym in another language takes for it.
var groupInitials = map[string]string{}

// synonymDeletes maps each synonym (and canonical word) of six letters or more with
// one letter deleted to its canonical word; "" where two canonical words collide.
var synonymDeletes = map[string]string{}

// stopWords carry no identity: articles and prepositions of the languages met most.
var stopWords = setOf("the", "of", "and", "for", "at", "in", "on", "de", "la", "le", "les", "l", "d", "du", "des",
	"del", "della", "delle", "dei", "degli", "dello", "di", "da", "do", "dos", "das", "der", "die", "den", "dem",
	"fur", "und", "et", "y", "e", "en", "i", "van", "voor", "het", "te", "zu", "zur", "am", "im", "an", "a", "al",
	"el", "lo", "per", "para", "pour", "och", "og", "og", "na", "w", "z", "u", "und", "s", "pri", "po", "ve", "v",
	"to", "sur", "aux", "au", "vom", "von", "dan", "ve", "ja", "och", "og", "kai", "ng", "named", "after",
	"dell", "degli", "delle", "della", "nel", "nella", "sulla", "sul", "pelo", "pela", "com", "ao", "na", "no", "nos", "nas",
	"em", "por", "con", "los", "las", "una", "bei", "op", "za", "sous")

// legalForms are the company forms stripped from the ends of names, as folded words.
var legalForms = [][]string{}

var legalFormText = []string{
	"sa", "s a", "sas", "s a s", "sasu", "sarl", "s a r l", "sca", "scs", "sci", "eurl", "snc", "gie", "scop", "sem",
	"gmbh", "g m b h", "ag", "kg", "gmbh co kg", "co kg", "ug", "ev", "e v", "kgaa", "se",
	"as", "a s", "asa", "aps", "ab", "publ", "ab publ", "oy", "oyj", "hf", "ehf",
	"ltd", "limited", "co ltd", "co", "company limited", "plc", "llc", "l l c", "llp", "lp", "inc", "incorporated",
	"corp", "corporation", "pty", "pty ltd", "pvt", "pvt ltd", "private limited", "pte", "pte ltd", "bhd", "sdn bhd",
	"bv", "b v", "nv", "n v", "vof", "bvba", "cvba", "srl", "s r l", "spa", "s p a", "sapa", "scarl", "onlus",
	"sl", "s l", "slu", "sau", "s a u", "sa de cv", "de cv", "ltda", "s c", "sp z o o", "spolka z o o", "sp j",
	"kft", "zrt", "nyrt", "rt", "doo", "d o o", "dd", "d d", "ad", "ood", "eood", "sro", "s r o", "as", "a s",
	"kk", "k k", "kabushiki kaisha", "kabushikigaisha", "yk", "tk", "gk", "ooo", "zao", "oao", "pao", "ao",
	"sole proprietorship", "unipessoal lda", "unipessoal", "lda", "limitada", "tbk", "cv", "sp rl", "s c r l",
	"as", "a s", "aş", "tic ltd sti", "ltd sti", "sti", "ltda me", "eireli", "jsc", "pjsc", "ojsc", "cjsc", "ltd co",
	"gmbh co", "mbh", "ggmbh", "e k", "ip", "i p",
}

// cjkWords are Japanese (and shared Chinese) words of institution and place names,
// with the English word they become.
var cjkWords = map[string]string{}

var cjkMaxLen = 1

var cjkText = map[string]string{
	"大学": "university", "大學": "university", "大学校": "university", "大学院": "graduate school", "短期大学": "junior college",
	"学園": "gakuen", "研究院": "research institute", "研究": "research",
	"研究センター": "research center", "センター": "center", "中心": "center", "病院": "hospital", "医院": "hospital",
	"医科": "medicine", "医療": "medicine", "医学": "medicine", "医学部": "faculty medicine", "医大": "medicine university",
	"工業": "technology", "工科": "technology", "技術": "technology", "科学": "science", "科学技術": "science technology",
	"国立": "national", "国家": "national", "県立": "prefectural", "府立": "prefectural", "都立": "metropolitan",
	"市立": "municipal", "公立": "public", "私立": "", "女子": "women", "外国語": "foreign studies", "芸術": "arts",
	"音楽": "music", "看護": "nursing", "福祉": "welfare", "農業": "agriculture", "農": "agriculture", "水産": "fisheries",
	"薬科": "pharmacy", "薬学": "pharmacy", "歯科": "dental", "経済": "economics", "国際": "international",
	"株式会社": "", "有限会社": "", "合同会社": "", "国立研究開発法人": "", "独立行政法人": "", "国立大学法人": "",
	"公益財団法人": "", "一般財団法人": "", "公益社団法人": "", "一般社団法人": "", "学校法人": "", "社会福祉法人": "",
	"医療法人": "", "地方独立行政法人": "", "公立大学法人": "", "法人": "", "社会医療法人": "", "特定非営利活動法人": "",
	"高等専門学校": "college technology", "機構": "organization", "協会": "association", "学会": "society",
	"財団": "foundation", "博物館": "museum", "美術館": "art museum", "図書館": "library", "県": "prefecture", "県庁": "prefecture government", "庁": "government", "都庁": "metropolitan government",
	"医師会": "medical association", "振興": "promotion", "共済": "mutual aid", "組合": "association", "工業会": "industry association",
	"連合会": "federation", "商工会議所": "chamber commerce", "大学病院": "university hospital", "医科大学": "medicine university",
	"工業大学": "technology institute", "技術科学大学": "technology university", "農工大学": "agriculture technology university",
	"外国語大学": "foreign studies university", "教育大学": "education university", "看護大学": "nursing university",
	"市": "city", "総合": "general", "中央": "central", "赤十字": "red cross", "がん": "cancer", "癌": "cancer",
	"附属": "", "付属": "", "情報": "information", "環境": "environment", "海洋": "marine", "宇宙": "space",
	"航空": "aerospace", "原子力": "atomic energy", "物質": "materials", "材料": "materials", "生物": "biology",
	"化学": "chemistry", "物理": "physics", "数理": "mathematical", "教育": "education", "文化": "culture",
	"産業": "industrial", "技術総合": "", "理化学": "riken", "理化学研究所": "riken",
	"北海道": "hokkaido", "青森": "aomori", "岩手": "iwate", "宮城": "miyagi", "秋田": "akita", "山形": "yamagata",
	"福島": "fukushima", "茨城": "ibaraki", "栃木": "tochigi", "群馬": "gunma", "埼玉": "saitama", "千葉": "chiba",
	"東京": "tokyo", "神奈川": "kanagawa", "新潟": "niigata", "富山": "toyama", "石川": "ishikawa", "福井": "fukui",
	"山梨": "yamanashi", "長野": "nagano", "岐阜": "gifu", "静岡": "shizuoka", "愛知": "aichi", "三重": "mie",
	"滋賀": "shiga", "京都": "kyoto", "大阪": "osaka", "兵庫": "hyogo", "奈良": "nara", "和歌山": "wakayama",
	"鳥取": "tottori", "島根": "shimane", "岡山": "okayama", "広島": "hiroshima", "山口": "yamaguchi",
	"徳島": "tokushima", "香川": "kagawa", "愛媛": "ehime", "高知": "kochi", "福岡": "fukuoka", "佐賀": "saga",
	"長崎": "nagasaki", "熊本": "kumamoto", "大分": "oita", "宮崎": "miyazaki", "鹿児島": "kagoshima", "沖縄": "okinawa",
	"札幌": "sapporo", "仙台": "sendai", "横浜": "yokohama", "名古屋": "nagoya", "神戸": "kobe", "北九州": "kitakyushu",
	"九州": "kyushu", "東北": "tohoku", "筑波": "tsukuba", "つくば": "tsukuba", "浜松": "hamamatsu", "金沢": "kanazawa",
	"川崎": "kawasaki", "旭川": "asahikawa", "弘前": "hirosaki", "豊橋": "toyohashi", "一橋": "hitotsubashi",
	"慶應義塾": "keio", "慶應": "keio", "慶応": "keio", "早稲田": "waseda", "立命館": "ritsumeikan", "同志社": "doshisha",
	"明治": "meiji", "法政": "hosei", "東海": "tokai", "近畿": "kindai", "関西": "kansai", "関東": "kanto", "中部": "chubu",
	"四国": "shikoku", "琉球": "ryukyus", "順天堂": "juntendo", "東邦": "toho", "帝京": "teikyo", "昭和": "showa",
	"杏林": "kyorin", "北里": "kitasato", "日本": "japan", "上智": "sophia", "立教": "rikkyo", "青山": "aoyama",
	"名城": "meijo", "南山": "nanzan", "関西学院": "kwansei gakuin", "信州": "shinshu", "山陰": "san'in", "横須賀": "yokosuka",
	"岡崎": "okazaki", "奈良先端": "nara", "豊田": "toyota", "日立": "hitachi", "東芝": "toshiba", "富士通": "fujitsu",
	"北京": "beijing", "上海": "shanghai", "清华": "tsinghua", "清華": "tsinghua", "台湾": "taiwan", "臺灣": "taiwan",
	"中国": "china", "中國": "china", "香港": "hong kong", "南京": "nanjing", "浙江": "zhejiang", "复旦": "fudan",
	"武汉": "wuhan", "四川": "sichuan", "中山": "sun yat-sen", "科学院": "academy science", "科技": "science technology",
	"师范": "normal", "師範": "normal",
	// More Japanese words of institutions.
	"生活": "life", "保健": "health", "衛生": "health", "開発": "development", "研究開発": "research development",
	"推進": "promotion", "安全": "safety", "品質": "quality", "評価": "evaluation", "電子": "electronics", "事業": "industry",
	"自然": "nature", "保全": "conservation", "臨床": "clinical", "外科": "surgical", "内科": "internal medicine",
	"循環器": "cardiovascular", "記念": "memorial", "市民": "citizens", "労働": "labour", "行政": "administration",
	"地方": "local", "試験": "testing", "試験場": "experiment station", "森林": "forestry", "林業": "forestry", "畜産": "livestock",
	"食品": "food", "高等学校": "high school", "専門学校": "vocational school", "学校": "school", "獣医": "veterinary",
	"薬": "pharmacy", "東洋": "toyo", "公衆": "public", "精神": "mental", "小児": "children", "こども": "children",
	"子ども": "children", "周産期": "perinatal", "リハビリテーション": "rehabilitation", "脳": "brain", "心臓": "heart",
	"歴史": "history", "民俗": "folk", "考古": "archaeology", "文学": "literature", "美術": "art", "工芸": "crafts",
	"エネルギー": "energy", "電力": "electric power", "鉄道": "railway", "銀行": "bank", "新聞": "newspaper",
	"放送": "broadcasting", "病院機構": "hospital organization", "学術": "science", "振興会": "promotion society",
	"研究会": "research society", "会議": "council", "委員会": "committee", "連盟": "federation", "省": "provincial", "研究所": "research institute",
	"文部科学省": "ministry education culture sports science technology", "厚生労働省": "ministry health labour welfare",
	"経済産業省": "ministry economy trade industry", "農林水産省": "ministry agriculture forestry fisheries",
	"環境省": "ministry environment", "気象": "meteorological", "地質": "geology", "海上": "maritime", "港湾": "port",
	"空港": "airport", "国際空港": "international airport", "北": "north", "南": "south", "東": "east", "西": "west",
	"第一": "first", "第二": "second", "第三": "third", "第四": "fourth", "第五": "fifth",
	// Chinese provinces, cities and words of institutions.
	"河南": "henan", "河北": "hebei", "山东": "shandong", "山西": "shanxi", "湖南": "hunan", "湖北": "hubei",
	"广东": "guangdong", "广西": "guangxi", "江苏": "jiangsu", "江西": "jiangxi", "福建": "fujian", "安徽": "anhui",
	"云南": "yunnan", "贵州": "guizhou", "陕西": "shaanxi", "甘肃": "gansu", "青海": "qinghai", "吉林": "jilin",
	"辽宁": "liaoning", "黑龙江": "heilongjiang", "内蒙古": "inner mongolia", "新疆": "xinjiang", "西藏": "tibet",
	"宁夏": "ningxia", "海南": "hainan", "重庆": "chongqing", "天津": "tianjin", "广州": "guangzhou", "深圳": "shenzhen",
	"成都": "chengdu", "西安": "xian", "杭州": "hangzhou", "济南": "jinan", "青岛": "qingdao", "大连": "dalian",
	"沈阳": "shenyang", "哈尔滨": "harbin", "长沙": "changsha", "郑州": "zhengzhou", "苏州": "suzhou", "厦门": "xiamen",
	"昆明": "kunming", "兰州": "lanzhou", "合肥": "hefei", "南昌": "nanchang", "福州": "fuzhou", "太原": "taiyuan",
	"石家庄": "shijiazhuang", "长春": "changchun", "贵阳": "guiyang", "南宁": "nanning", "乌鲁木齐": "urumqi",
	"宁波": "ningbo", "温州": "wenzhou", "无锡": "wuxi", "佛山": "foshan", "东莞": "dongguan", "徐州": "xuzhou",
	"扬州": "yangzhou", "汕头": "shantou", "珠海": "zhuhai", "烟台": "yantai", "常州": "changzhou", "绍兴": "shaoxing",
	"台北": "taipei", "臺北": "taipei", "台中": "taichung", "臺中": "taichung", "高雄": "kaohsiung", "台南": "tainan",
	"臺南": "tainan", "澳门": "macau", "澳門": "macau", "华中": "huazhong", "华南": "south china", "华东": "east china",
	"华北": "north china", "西南": "southwest", "西北": "northwest", "东北": "northeast", "中南": "central south",
	"医药": "medicine", "醫藥": "medicine", "医学院": "medical college", "醫學院": "medical college",
	"理工": "science technology", "工业": "technology", "工業大學": "technology university", "交通": "jiaotong",
	"农业": "agriculture", "林业": "forestry", "财经": "finance economics", "政法": "political science law",
	"实验室": "laboratory", "實驗室": "laboratory", "重点": "key", "重點": "key", "人民": "people", "中医": "chinese medicine",
	"中醫": "chinese medicine", "中医药": "chinese medicine", "研究中心": "research center",
	"地质": "geology", "石油": "petroleum", "矿业": "mining", "电子": "electronic", "邮电": "posts telecommunications",
	"航空航天": "aeronautics astronautics", "航天": "astronautics", "海洋大学": "ocean university", "外国语": "foreign studies",
	"传媒": "communication", "体育": "sport", "艺术": "arts", "音乐": "music", "美术": "fine arts", "师范大学": "normal university",
	"科技大学": "science technology university", "理工大学": "science technology university", "农业大学": "agricultural university",
	"第一人民医院": "first people hospital", "附属医院": "affiliated hospital", "附屬": "affiliated",
	"醫院": "hospital", "协会": "association", "基金会": "foundation", "基金會": "foundation", "公司": "", "有限公司": "", "股份有限公司": "",
	"集团": "group", "集團": "group", "國家": "national", "國立": "national",
	"學院": "college", "学院": "gakuin", "科學院": "academy science",
	"社": "", "社会": "social", "厅": "department", "廳": "department", "委员会": "commission", "卫生": "health",
	"計画": "planning", "计划生育": "family planning", "自治区": "autonomous region", "民族": "minzu", "回族": "hui",
	// Words of trades, services and sciences that names of Japanese and Chinese
	// institutions are made of.
	"会": "association", "全": "", "全国": "national", "信頼性": "reliability", "生協": "consumer cooperative", "斜面": "slope", "施設": "facilities", "検査": "testing", "土木": "civil engineering", "男女共同参画": "gender equality",
	"植生": "vegetation", "金融": "finance", "農村": "rural", "道路": "road", "地図": "map", "高速道路": "expressway",
	"粉体": "powder", "災害": "disaster", "防災": "disaster prevention", "生命": "life", "厚生": "welfare", "製粉": "flour milling",
	"放射線": "radiation", "不動産": "real estate", "流通": "distribution", "統計": "statistics", "協力": "cooperation",
	"建設": "construction", "機械": "machinery", "部品": "parts", "電気": "electric", "通信": "communications",
	"製作所": "works", "製薬": "pharmaceutical", "建築": "architecture", "都市": "urban", "住宅": "housing", "運輸": "transport",
	"海事": "maritime", "水道": "waterworks", "河川": "river", "地震": "earthquake", "火山": "volcano", "消防": "fire",
	"警察": "police", "裁判所": "court", "議会": "assembly", "協同組合": "cooperative", "言語": "language", "心理": "psychology",
	"哲学": "philosophy", "経営": "management", "商業": "commerce", "商科": "commerce", "法律": "law", "法学": "law",
	"政治": "politics", "介護": "care", "栄養": "nutrition", "酪農": "dairy", "園芸": "horticulture", "果樹": "fruit",
	"養殖": "aquaculture", "漁業": "fisheries", "木材": "wood", "繊維": "textile", "鉄鋼": "steel", "金属": "metals",
	"自動車": "automobile", "航空宇宙": "aerospace", "天文台": "observatory", "天文": "astronomy", "植物園": "botanical garden",
	"動物園": "zoo", "水族館": "aquarium", "人材": "human resources", "支援": "support", "健康": "health", "保険": "insurance",
	"眼科": "ophthalmology", "皮膚科": "dermatology", "整形外科": "orthopaedic", "救急": "emergency", "診療所": "clinic",
	"クリニック": "clinic", "ゴム": "rubber", "機器": "equipment", "工学": "engineering", "工程": "engineering",
	"机器人": "robotics", "ロボット": "robot", "职业": "vocational", "職業": "vocational", "政府": "government", "局": "bureau",
	"劳动": "labour", "労働省": "ministry labour", "县": "county", "区": "district", "环境": "environment", "能源": "energy",
	"生态": "ecology", "生態": "ecology", "资源": "resources", "資源": "resources", "水利": "water resources", "气象": "meteorological",
	"测绘": "surveying", "海洋研究": "marine research", "出版": "publishing", "図書": "books", "映画": "film", "写真": "photography",
	"スポーツ": "sport", "デザイン": "design", "システム": "system", "ソフトウェア": "software",
	// Korean words of institutions (the rest of a Korean name is romanised).
	"체육": "sport", "디지털": "digital", "건설": "construction", "기계": "machinery", "부품": "parts", "기술원": "institute technology",
	"공학": "engineering", "정보": "information", "통신": "communications", "환경": "environment", "에너지": "energy",
	"대학교": "university", "대학": "university", "대학원": "graduate school", "병원": "hospital", "의료원": "medical center",
	"연구소": "research institute", "연구원": "research institute", "센터": "center", "재단": "foundation",
	"학회": "society", "협회": "association", "한국": "korea", "국립": "national", "과학기술": "science technology",
	"과학": "science", "기술": "technology", "공과": "engineering", "의과": "medicine", "의학": "medicine",
	"여자": "women", "교육": "education", "산업": "industrial", "주식회사": "", "㈜": "",
}

// genericWords are the canonical words of institutions: their weight is capped, since
// in a small directory one of them may be rare without telling organisations apart.
var genericWords = map[string]bool{}

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

func init() {
	for _, g := range synonymGroups {
		genericWords[g[0]] = true
		for _, w := range g {
			if f := passerelle.Fold(w); f != "" && f[0] < 0x80 && !strings.Contains(groupInitials[g[0]], f[:1]) {
				groupInitials[g[0]] += f[:1]
			}
		}
		for _, w := range g[1:] {
			if f := passerelle.Fold(w); f != "" && !strings.Contains(f, " ") {
				synonyms[f] = g[0]
			}
		}
	}
	addDeletes := func(w, c string) {
		rs := []rune(w)
		if len(rs) < 6 {
			return
		}
		for i := range rs {
			d := string(rs[:i]) + string(rs[i+1:])
			if old, ok := synonymDeletes[d]; ok && old != c {
				synonymDeletes[d] = ""
			} else {
				synonymDeletes[d] = c
			}
		}
	}
	for _, g := range synonymGroups {
		for _, w := range g {
			addDeletes(passerelle.Fold(w), g[0])
		}
	}
	for _, t := range legalFormText {
		legalForms = append(legalForms, strings.Fields(t))
		legalWord[strings.ReplaceAll(t, " ", "")] = true
	}
	// Longer forms first, so that "co ltd" goes before "ltd" leaves "co".
	for i := 1; i < len(legalForms); i++ {
		for j := i; j > 0 && len(legalForms[j]) > len(legalForms[j-1]); j-- {
			legalForms[j], legalForms[j-1] = legalForms[j-1], legalForms[j]
		}
	}
	for k, v := range cjkText {
		k = norm.NFC.String(k) // read before Fold: see fold
		cjkWords[k] = v
		cjkMaxLen = max(cjkMaxLen, len([]rune(k)))
	}
	// Each word also under its simplified form, unless that form is a word of its own
	// (学院: gakuin in Japanese; 學院: college).
	for k, v := range cjkText {
		if s, ok := simplified([]rune(norm.NFC.String(k))); ok {
			if _, taken := cjkText[string(s)]; !taken {
				cjkWords[string(s)] = v
			}
		}
	}
}
