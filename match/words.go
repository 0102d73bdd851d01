package match

import (
	"strings"

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
		"universitaria", "universitaria", "universitair", "universitats", "universities"),
	group("institute", "institut", "instituto", "istituto", "instytut", "inst", "institutet", "instituut", "institutes",
		"institutt", "instituta", "institutu"),
	group("national", "nationale", "nacional", "nazionale", "nationaal", "narodowy", "natl", "nat", "nationales",
		"nacionales", "nazionali", "naional", "nationalen"),
	group("center", "centre", "centro", "zentrum", "centrum", "ctr", "centres", "centers", "centros", "cent", "cntr"),
	group("research", "recherche", "recherches", "investigacion", "investigaciones", "ricerca", "ricerche", "forschung",
		"onderzoek", "pesquisa", "pesquisas", "investigacao", "badawczy", "researches", "forschungs"),
	group("science", "sciences", "scientifique", "scientifiques", "scientific", "ciencias", "ciencia", "scienze",
		"scienza", "wissenschaften", "wissenschaft", "wetenschappen", "sci", "nauk", "naukowy", "cientifico",
		"cientifica", "scientifica", "scientifico", "wissenschaftliche"),
	group("technology", "technologie", "technologies", "tecnologia", "tecnologias", "technological", "technologique",
		"technologiques", "tecnologico", "tecnologica", "technische", "technischen", "technik", "tech", "technical",
		"technique", "techniques", "tecnica", "tecnico", "technicka", "technologii", "techn", "technol"),
	group("hospital", "hopital", "hopitaux", "hospitalier", "hospitaliere", "hospitaliers", "ospedale", "ospedaliera",
		"krankenhaus", "klinikum", "ziekenhuis", "hosp", "hospitais", "hospitales", "hospitals", "sjukhus", "sygehus"),
	group("school", "ecole", "escuela", "escola", "scuola", "schule", "hochschule", "schools", "ecoles", "sch"),
	group("medicine", "medecine", "medicina", "medizin", "medical", "medicale", "medicales", "medico", "medica",
		"medizinische", "medizinischen", "med", "medicinal", "medicine", "medisch", "medische", "geneeskunde"),
	group("foundation", "fondation", "fundacion", "fondazione", "stiftung", "stichting", "fundacao", "fundacio", "fdn"),
	group("society", "societe", "sociedad", "societa", "gesellschaft", "sociedade", "soc", "selskab"),
	group("laboratory", "laboratoire", "laboratoires", "laboratorio", "laboratorios", "labor", "lab", "labs",
		"laboratories", "laboratorium", "lab"),
	group("agriculture", "agricultural", "agronomique", "agricole", "agraria", "agrarian", "agricola", "agronomy",
		"agronomie", "agronomia", "landbouw", "landwirtschaft", "agri"),
	group("engineering", "ingenieurs", "ingenieur", "ingenieria", "ingegneria", "engineers", "engenharia", "eng"),
	group("faculty", "faculte", "facultad", "facolta", "fakultat", "faculdade", "fakulteta", "faculteit", "fac"),
	group("polytechnic", "polytechnique", "politecnico", "politecnica", "polytechnical", "polytechnika",
		"politechnika", "polytechnics", "politecnic"),
	group("academy", "academie", "academia", "akademie", "akademia", "academies", "acad", "akademi"),
	group("museum", "musee", "museo", "museu", "museums", "musees"),
	group("library", "bibliotheque", "biblioteca", "bibliothek", "bibliotek"),
	group("ministry", "ministere", "ministerio", "ministero", "ministerium"),
	group("health", "sante", "salud", "salute", "gesundheit", "saude", "healthcare"),
	group("environment", "environnement", "ambiente", "umwelt", "environmental", "environnementale", "ambiental"),
	group("catholic", "catholique", "catolica", "catolico", "cattolica", "katholische", "katholieke", "katolicki"),
	group("free", "libre", "libera", "freie", "vrije", "livre"),
	group("applied", "appliquees", "appliquee", "aplicadas", "aplicada", "angewandte", "applicata", "applicate"),
	group("economics", "economie", "economia", "economic", "economique", "economiques", "economy", "wirtschaft",
		"economicas", "economiche", "econ"),
	group("studies", "etudes", "estudios", "studi", "studien", "estudos", "study"),
	group("higher", "superieure", "superieur", "superior", "superiore", "hogere"),
	group("advanced", "avances", "avanzados", "avanzati", "avancados"),
	group("federal", "federale", "federais", "fédéral"),
	group("regional", "regionale", "regionales", "regionali"),
	group("general", "generale", "generali", "generales"),
	group("saint", "st", "sankt", "santa", "sainte", "ste", "sao", "san", "santo", "szent", "sveti"),
	group("mount", "mt"),
	group("prefecture", "prefectural"),
	group("department", "dept", "dep", "departement", "departamento", "dipartimento", "abteilung"),
	group("association", "assoc", "asociacion", "associazione", "associacao", "verein", "vereniging"),
	group("company", "compagnie", "compania", "compagnia", "companhia"),
	group("observatory", "observatoire", "observatorio", "osservatorio", "sternwarte"),
	group("council", "conseil", "consejo", "consiglio", "raad"),
	group("agency", "agence", "agencia", "agenzia", "agentur"),
	group("college", "colegio", "collegio", "kolleg", "coll"),
	group("clinic", "clinique", "clinica", "klinik", "clinics", "cliniques", "clinical", "clinico", "klinische"),
	group("cancer", "cancerologie", "cancro", "krebs", "oncology", "oncologie", "oncologia", "onkologie"),
	group("biology", "biologie", "biologia", "biological", "biologique", "biologico", "biologische", "bio"),
	group("chemistry", "chimie", "quimica", "chimica", "chemie", "chemical", "chemicals"),
	group("physics", "physique", "fisica", "physik", "fysica"),
	group("mathematics", "mathematiques", "matematicas", "matematica", "mathematik", "math", "maths"),
	group("marine", "marin", "marina", "marino", "meeres", "mer", "sea", "ocean", "oceanography", "oceanographie"),
	group("public", "publique", "publica", "publico", "pubblica", "offentliche"),
	group("private", "privee", "privada", "privata", "private"),
	group("state", "etat", "estado", "estatal", "statale", "staatliche", "staatlichen", "gosudarstvennyi", "gosudarstvennyy"),
	group("veterinary", "veterinaire", "veterinaria", "veterinario", "tierarztliche", "vet"),
	group("pharmacy", "pharmacie", "farmacia", "pharmazie", "pharmaceutical", "pharmaceutique", "pharma", "pharmaceuticals"),
	group("nursing", "infirmiers", "enfermeria", "infermieristica"),
	group("education", "educacion", "educacao", "educazione", "erziehung", "enseignement", "educational"),
	group("arts", "art", "beaux", "artes", "arte", "kunst", "kunste", "fine"),
	group("music", "musique", "musica", "musik", "conservatoire", "conservatorio", "conservatory", "konservatorium"),
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
	group("finland", "suomi", "finnish", "finlande"),
	group("portugal", "portuguesa", "portuguese"),
	group("brazil", "brasil", "brasileira", "brasileiro", "bresil"),
	group("poland", "polska", "polish", "pologne"),
	group("china", "chinese", "chine", "zhongguo"),
	group("korea", "korean", "coree", "hanguk"),
	group("russia", "russian", "rossii", "rossiiskii", "russie"),
	group("europe", "european", "europeen", "europeenne", "europea", "europeo", "europaische", "europese"),
	group("international", "internationale", "internacional", "internazionale", "intl"),
}

var synonyms = map[string]string{}

// synonymDeletes maps each synonym (and canonical word) of six letters or more with
// one letter deleted to its canonical word; "" where two canonical words collide.
var synonymDeletes = map[string]string{}

// stopWords carry no identity: articles and prepositions of the languages met most.
var stopWords = setOf("the", "of", "and", "for", "at", "in", "on", "de", "la", "le", "les", "l", "d", "du", "des",
	"del", "della", "delle", "dei", "degli", "dello", "di", "da", "do", "dos", "das", "der", "die", "den", "dem",
	"fur", "und", "et", "y", "e", "en", "i", "van", "voor", "het", "te", "zu", "zur", "am", "im", "an", "a", "al",
	"el", "lo", "per", "para", "pour", "och", "og", "og", "na", "w", "z", "u", "und", "s", "pri", "po", "ve", "v",
	"to", "sur", "aux", "au", "vom", "von")

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
}

// cjkWords are Japanese (and shared Chinese) words of institution and place names,
// with the English word they become.
var cjkWords = map[string]string{}

var cjkMaxLen = 1

var cjkText = map[string]string{
	"大学": "university", "大學": "university", "大学校": "university", "大学院": "graduate school", "短期大学": "junior college",
	"学院": "gakuin", "学園": "gakuen", "研究所": "research institute", "研究院": "research institute", "研究": "research",
	"研究センター": "research center", "センター": "center", "中心": "center", "病院": "hospital", "医院": "hospital",
	"医科": "medicine", "医療": "medicine", "医学": "medicine", "医学部": "faculty medicine", "医大": "medicine university",
	"工業": "technology", "工科": "technology", "技術": "technology", "科学": "science", "科学技術": "science technology",
	"国立": "national", "国家": "national", "県立": "prefectural", "府立": "prefectural", "都立": "metropolitan",
	"市立": "city", "公立": "public", "私立": "", "女子": "women", "外国語": "foreign studies", "芸術": "arts",
	"音楽": "music", "看護": "nursing", "福祉": "welfare", "農業": "agriculture", "農": "agriculture", "水産": "fisheries",
	"薬科": "pharmacy", "薬学": "pharmacy", "歯科": "dental", "経済": "economics", "国際": "international",
	"株式会社": "", "有限会社": "", "合同会社": "", "国立研究開発法人": "", "独立行政法人": "", "国立大学法人": "",
	"公益財団法人": "", "一般財団法人": "", "公益社団法人": "", "一般社団法人": "", "学校法人": "", "社会福祉法人": "",
	"医療法人": "", "地方独立行政法人": "", "公立大学法人": "", "法人": "",
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
	}
	// Longer forms first, so that "co ltd" goes before "ltd" leaves "co".
	for i := 1; i < len(legalForms); i++ {
		for j := i; j > 0 && len(legalForms[j]) > len(legalForms[j-1]); j-- {
			legalForms[j], legalForms[j-1] = legalForms[j-1], legalForms[j]
		}
	}
	for k, v := range cjkText {
		k = passerelle.Fold(k)
		cjkWords[k] = v
		cjkMaxLen = max(cjkMaxLen, len([]rune(k)))
	}
}
